import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, lstatSync, mkdirSync } from 'node:fs';
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

const isPipe = (socket: string) => socket.startsWith('\\\\.\\pipe\\');

/**
 * The places this user's engine may use, in order: `run/` in ModVault's settings folder, else
 * (that folder read-only or not ours) a private folder in the temp dir. An engine takes the
 * first it can use; a front end looks in each. One endpoint per settings folder: that is what
 * the settings, the default store and the schedules belong to.
 */
export function engineEndpoints(
  configDir: string,
  platform: NodeJS.Platform = process.platform,
): EngineEndpoint[] {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const id = createHash('sha256').update(configDir).digest('hex').slice(0, 16);
  const at = (runDir: string): EngineEndpoint => {
    let socket = p.join(runDir, 'engine.sock');
    if (platform === 'win32') socket = `\\\\.\\pipe\\modvault-engine-${id}`;
    else if (Buffer.byteLength(socket) > MAX_SOCKET_PATH)
      socket = p.join(tmpdir(), `modvault-${process.getuid?.() ?? 'user'}`, `${id}.sock`);
    return {
      runDir,
      lockFile: p.join(runDir, 'engine.json'),
      socket,
      journal: p.join(runDir, 'jobs.json'),
    };
  };
  return [
    at(p.join(configDir, 'run')),
    at(p.join(tmpdir(), `modvault-${process.getuid?.() ?? 'user'}`, id)),
  ];
}

/**
 * Creates a private folder (0700) or checks an existing one: a real directory, owned by this
 * user, that nobody else can enter. Anything else could let another account reach the socket.
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if (errnoCode(e) !== 'EEXIST') throw fromErrno(e, dir) ?? e;
  }
  for (const d of new Set([dir, path.dirname(dir)])) {
    if (d === path.dirname(d)) continue;
    const st = lstatSync(d);
    const uid = process.getuid?.();
    const shared = d !== dir && (st.mode & 0o1000) !== 0; // the sticky temp dir itself
    if (shared) continue;
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid))
      throw new EngineError(
        'PERMISSION_DENIED',
        `${d} is not a folder of your own, so ModVault cannot keep its engine's socket there.`,
        { path: d, fix: `Remove ${d} (it is recreated) or check who created it.` },
      );
    if (d === dir && process.platform !== 'win32' && (st.mode & 0o077) !== 0) chmodSync(d, 0o700);
  }
  accessSync(dir, constants.W_OK);
}

/** The first endpoint whose folders this process can make private and write; throws the first error. */
export function usableEndpoint(candidates: EngineEndpoint[]): EngineEndpoint {
  let first: unknown = null;
  for (const ep of candidates) {
    try {
      preparePrivateDir(ep.runDir);
      if (!isPipe(ep.socket)) preparePrivateDir(path.dirname(ep.socket));
      return ep;
    } catch (e) {
      first ??= e;
    }
  }
  throw fromErrno(first, 'the folder for the engine endpoint') ?? first;
}
