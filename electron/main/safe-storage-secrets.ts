import { safeStorage } from 'electron';
import type { SecretCipher } from '../engine/remote/secret-store';

/**
 * Remote credentials and passphrases encrypted with the OS keychain (macOS Keychain, Windows
 * DPAPI, the Secret Service / kwallet on Linux). On Linux without a keyring, Electron would fall
 * back to a hard-coded key ("basic_text"): that is refused, so nothing is stored in the clear.
 */
export const safeStorageCipher: SecretCipher = {
  available: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};
