import { safeStorage } from 'electron';
import type { KeychainCipher } from '../engine/link/secret-protocol';

/**
 * Remote credentials and passphrases encrypted with the OS keychain (macOS Keychain, Windows
 * DPAPI, the Secret Service / kwallet on Linux). On Linux without a keyring, Electron would fall
 * back to a hard-coded key ("basic_text"): that is refused, so nothing is stored in the clear.
 * The engine, in its own process, asks for these over the link (link/secret-protocol.ts).
 */
export const safeStorageCipher: KeychainCipher = {
  available: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};
