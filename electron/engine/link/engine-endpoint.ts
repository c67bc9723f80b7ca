import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EngineError, errnoCode, fromErrno } from '../errors';

/**
 * Where this user's engine can be found: a run folder only the user can enter (0700), the lock
 * file naming the engine that holds it (0600, with the connection token), and the socket (a
 * unix socket in that folder; a named pipe on Windows, where the token is the authentication).
 */
export interface EngineEndpoint {
  runDir: string;
  lockFile: string;
  socket: string;
  /** The jobs the engine is running, so a successor can report them as failed after a crash. */
  journal: string;
}

/** sun_path holds 104 bytes on macOS, 108 on Linux: longer socket paths cannot be bound. */
const MAX_SOCKET_PATH = 100;

export function engineEndpoint(
  configDir: string,
  platform: NodeJS.Platform = process.platform,
): EngineEndpoint {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const runDir = p.join(configDir, 'run');
  const id = createHash('sha256').update(configDir).digest('hex').slice(0, 16);
  let socket: string;
  if (platform === 'win32') socket = `\\\\.\\pipe\\modvault-engine-${id}`;
  else {
    socket = p.join(runDir, 'engine.sock');
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH)
      socket = p.join(tmpdir(), `modvault-${process.getuid?.() ?? 'user'}`, `${id}.sock`);
  }
  return {
    runDir,
    lockFile: p.join(runDir, 'engine.json'),
    socket,
    journal: p.join(runDir, 'jobs.json'),
  };
}

/**
 * Creates a private folder (0700) or checks an existing one: a real directory, owned by this
 * user, that nobody else can enter. Anything else could let another account reach the socket.
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if (errnoCode(e) !== 'EEXIST') throw fromErrno(e, dir) ?? e;
  }
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid))
    throw new EngineError(
      'PERMISSION_DENIED',
      `${dir} is not a folder of your own, so ModVault cannot keep its engine's socket there.`,
      { path: dir, fix: `Remove ${dir} (it is recreated) or check who created it.` },
    );
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The folders the endpoint needs, private. */
export function prepareEndpoint(ep: EngineEndpoint): void {
  preparePrivateDir(ep.runDir);
  if (!ep.socket.startsWith('\\\\.\\pipe\\')) preparePrivateDir(path.dirname(ep.socket));
}
