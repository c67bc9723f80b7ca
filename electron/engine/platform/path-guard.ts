import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { EngineError, errnoCode } from '../errors';

export interface GuardedRoot {
  /** What the root is, for messages: "module cache", "build cache", "quarantine". */
  label: string;
  path: string;
}

interface ResolvedRoot extends GuardedRoot {
  real: string;
}

const isInside = (child: string, parent: string) =>
  child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

// The operating system's folders: nothing of ModVault's (a cache it writes, a restore target, a
// store) belongs in the first list or inside it, nor in the second list's folders themselves.
const POSIX_SYSTEM_TREES = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/sbin',
  '/sys',
  '/usr/bin',
  '/usr/include',
  '/usr/lib',
  '/usr/lib32',
  '/usr/lib64',
  '/usr/libexec',
  '/usr/sbin',
  '/usr/share',
  '/System',
  '/private/etc',
];
const POSIX_SYSTEM_DIRS = [
  '/usr',
  '/usr/local',
  '/var',
  '/opt',
  '/srv',
  '/mnt',
  '/media',
  '/run',
  '/tmp',
  '/home',
  '/Users',
  '/Library',
  '/Applications',
  '/Volumes',
  '/private',
  '/private/var',
  '/private/tmp',
];
/**
 * Scratch space everyone may write, inside a system tree (a tmpfs, like /tmp): the folder
 * itself is refused, a folder of its own inside it is fine.
 */
const POSIX_SCRATCH_DIRS = ['/dev/shm'];

function windowsSystem(env: NodeJS.ProcessEnv): {
  trees: string[];
  dirs: string[];
  scratch: string[];
} {
  const drive = (env.SystemDrive ?? 'C:').replace(/\\?$/, '');
  return {
    trees: [
      env.SystemRoot ?? env.windir ?? `${drive}\\Windows`,
      env.ProgramFiles ?? `${drive}\\Program Files`,
      env['ProgramFiles(x86)'] ?? `${drive}\\Program Files (x86)`,
    ],
    dirs: [env.ProgramData ?? `${drive}\\ProgramData`, `${drive}\\Users`],
    scratch: [],
  };
}

/**
 * Why a folder must never be a cache ModVault writes, a restore target or a store — the root of
 * a file system, the home folder or one of its parents, a system folder — or null. `real` and
 * `realHome` are resolved paths (symlinks followed, `..` gone); the rules of `platform` apply
 * (Windows: case-insensitive, drive letters, C:\Windows and Program Files).
 */
export function unsafeFolderReason(
  real: string,
  realHome: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const win = platform === 'win32';
  const P = win ? path.win32 : path.posix;
  const norm = (p: string) => {
    const r = P.resolve(p);
    return win ? r.toLowerCase() : r;
  };
  const inside = (child: string, parent: string) =>
    child === parent || child.startsWith(parent.endsWith(P.sep) ? parent : parent + P.sep);
  const r = norm(real);
  const home = norm(realHome);
  if (P.parse(r).root.toLowerCase() === r.toLowerCase()) return 'the root of a file system';
  if (r === home) return 'your home folder';
  if (inside(home, r)) return 'a parent of your home folder';
  const sys = win
    ? windowsSystem(env)
    : { trees: POSIX_SYSTEM_TREES, dirs: POSIX_SYSTEM_DIRS, scratch: POSIX_SCRATCH_DIRS };
  const scratch = sys.scratch.find((d) => inside(r, norm(d)));
  if (scratch) return r === norm(scratch) ? `the system folder ${scratch}` : null;
  const tree = sys.trees.find((d) => inside(r, norm(d)));
  if (tree)
    return r === norm(tree) ? `the system folder ${tree}` : `inside the system folder ${tree}`;
  const dir = sys.dirs.find((d) => r === norm(d));
  if (dir) return `the system folder ${dir}`;
  return null;
}

/**
 * Refuses a folder ModVault is about to write into (a restore target, the backup store) when
 * it resolves — `..` and symlinks included — to one of unsafeFolderReason's folders; returns
 * the absolute path. The message says "Refusing to <action> <path>: it is <why>."
 */
export function refuseUnsafeFolder(p: string, home: string, action: string, fix: string): string {
  const abs = path.resolve(p);
  const real = realOrResolved(abs);
  const why = unsafeFolderReason(real, realOrResolved(home));
  if (why)
    throw new EngineError(
      'UNSAFE_PATH',
      `Refusing to ${action} ${abs}${real !== abs ? ` (${real})` : ''}: it is ${why}.`,
      { path: abs, fix },
    );
  return abs;
}

/**
 * Refuses to act on anything but what lies strictly inside the resolved cache roots. A root that
 * is `/`, a drive, the home folder or one of its parents, or that is itself a symlink pointing
 * somewhere else, is refused outright: one wrong GOMODCACHE must never cost a user their files.
 */
export class PathGuard {
  private readonly roots: ResolvedRoot[];
  private readonly realDirs = new Map<string, string>();

  private constructor(roots: ResolvedRoot[]) {
    this.roots = roots;
  }

  /** Checks every root; roots that do not exist yet are kept by their resolved path. */
  static create(roots: GuardedRoot[], home: string): PathGuard {
    const realHome = realOrResolved(home);
    return new PathGuard(roots.map((r) => ({ ...r, real: PathGuard.checkRoot(r, realHome) })));
  }

  static checkRoot(root: GuardedRoot, realHome: string): string {
    const abs = path.resolve(root.path);
    let link = false;
    try {
      link = lstatSync(abs).isSymbolicLink();
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
    }
    const real = realOrResolved(abs);
    if (link)
      throw new EngineError(
        'UNSAFE_PATH',
        `The ${root.label} ${abs} is a symlink to ${real}; ModVault does not clean through symlinked roots.`,
        { path: abs, fix: `Point the setting at the real folder (${real}) instead.` },
      );
    const why = unsafeFolderReason(real, realHome);
    if (why)
      throw new EngineError('UNSAFE_PATH', `The ${root.label} resolves to ${real}, ${why}.`, {
        path: abs,
        fix: `Set it to a dedicated folder (check GOMODCACHE/GOCACHE with \`modvault env\`).`,
      });
    return real;
  }

  /**
   * Resolves `p` (symlinks in its parent folders included, the last element itself not followed)
   * and returns it if it lies strictly inside a root; throws UNSAFE_PATH otherwise.
   */
  check(p: string): string {
    const abs = path.resolve(p);
    const resolved = this.resolve(abs);
    if (!this.roots.some((r) => isInside(resolved, r.real))) {
      throw new EngineError(
        'UNSAFE_PATH',
        `Refusing to touch ${abs}: it is not inside ${this.roots.map((r) => `the ${r.label} (${r.real})`).join(' or ')}.`,
        {
          path: abs,
          fix: 'This is a safety stop; check that the path (and any symlink on the way) points into the cache.',
        },
      );
    }
    return resolved;
  }

  /** `p` with symlinks in its parent folders resolved (the last element is not followed). */
  resolve(p: string): string {
    const abs = path.resolve(p);
    return path.join(this.realDir(path.dirname(abs)), path.basename(abs));
  }

  /** The resolved root of a given label. */
  root(label: string): string | null {
    return this.roots.find((r) => r.label === label)?.real ?? null;
  }

  private realDir(dir: string): string {
    let real = this.realDirs.get(dir);
    if (real === undefined) {
      real = realOrResolved(dir);
      this.realDirs.set(dir, real);
    }
    return real;
  }
}

/** realpath of `p`, or of its nearest existing ancestor joined with the rest. */
export function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync.native(abs);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT' && errnoCode(e) !== 'ENOTDIR') throw e;
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realOrResolved(parent), path.basename(abs));
  }
}
