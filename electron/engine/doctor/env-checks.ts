import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { GoEnvReport } from '../../../shared/dto/env';
import type { DoctorFinding } from '../../../shared/dto/doctor';
import { formatBytes } from '../../../shared/format';
import type { DiskSpace } from '../platform/disk-space';
import { GO_MISSING_FIX } from '../toolchain/go-runner';
import { envFinding } from './finding';

export interface EnvCheckDeps {
  diskSpace(p: string): Promise<DiskSpace>;
  /** Our uid (null on Windows): caches owned by someone else cannot be cleaned or repaired. */
  uid: number | null;
}

const GIB = 1024 ** 3;
const LOW_SPACE = 2 * GIB;
const CRITICAL_SPACE = 256 * 1024 ** 2;

const statOrNull = (p: string) => stat(p).catch(() => null);
const writable = (p: string) =>
  access(p, constants.W_OK).then(
    () => true,
    () => false,
  );

/** Go present and its version, and for each cache: exists, is a folder, is ours, is writable. */
export async function checkToolchainAndCaches(
  env: GoEnvReport,
  deps: EnvCheckDeps,
): Promise<DoctorFinding[]> {
  const out: DoctorFinding[] = [];
  out.push(
    env.go.found
      ? envFinding('go', {
          severity: 'info',
          path: env.go.binary,
          message: `Go ${env.go.version ?? '(unknown version)'} is installed (${env.go.binary}).`,
          explanation:
            'ModVault asks it where the caches are and uses it to download modules again.',
        })
      : envFinding('go', {
          severity: 'error',
          message: `The go command was not found (${env.go.error ?? env.go.binary}).`,
          explanation:
            "Without Go, ModVault uses Go's default cache locations and cannot download modules again; your projects cannot build either.",
          fix: GO_MISSING_FIX,
        }),
  );
  const volumes = new Map<number, string>();
  for (const [check, label, dir] of [
    ['gomodcache', 'module cache (GOMODCACHE)', env.gomodcache],
    ['gocache', 'build cache (GOCACHE)', env.gocache],
  ] as const) {
    if (check === 'gocache' && env.gocache === 'off') {
      out.push(
        envFinding('gocache-off', {
          severity: 'error',
          message: 'GOCACHE=off: the build cache is disabled.',
          explanation:
            'Since Go 1.12 the go command refuses to build modules without a build cache ("build cache is disabled by GOCACHE=off, but required").',
          fix: 'Unset GOCACHE (`go env -u GOCACHE`, and remove it from your shell profile).',
        }),
      );
      continue;
    }
    const st = await statOrNull(dir);
    if (!st) {
      out.push(
        envFinding(check, {
          severity: check === 'gomodcache' ? 'warning' : 'info',
          path: dir,
          message: `The ${label} ${dir} does not exist.`,
          explanation:
            check === 'gomodcache'
              ? 'Every module will be downloaded again on the next build, which needs the network (it may have been deleted by `go clean -modcache` or a cleaner).'
              : 'Go creates it on the next build; the first builds will be slower.',
          fix:
            check === 'gomodcache'
              ? 'Restore it from a ModVault snapshot, or let go download the modules again.'
              : undefined,
        }),
      );
      continue;
    }
    if (!st.isDirectory()) {
      out.push(
        envFinding(check, {
          severity: 'error',
          path: dir,
          message: `The ${label} ${dir} is a file, not a folder.`,
          explanation: 'The go command fails on every download or build.',
          fix: `Move that file away, or point ${check.toUpperCase()} at a folder.`,
        }),
      );
      continue;
    }
    if (deps.uid !== null && deps.uid !== 0 && st.uid !== deps.uid) {
      out.push(
        envFinding(`${check}-owner`, {
          severity: 'warning',
          path: dir,
          message: `The ${label} ${dir} belongs to another user (uid ${st.uid}).`,
          explanation:
            'Usually left by running go with sudo: removing or repairing entries fails with "Permission denied".',
          fix: `Give it back to your user: sudo chown -R $(id -u):$(id -g) ${dir}`,
        }),
      );
    }
    if (!(await writable(dir))) {
      out.push(
        envFinding(`${check}-writable`, {
          severity: 'error',
          path: dir,
          message: `The ${label} ${dir} is not writable.`,
          explanation:
            'Go cannot download, extract or record anything, so builds needing something new fail.',
          fix: `Make it writable for your user (chmod u+w ${dir}, or fix its owner).`,
        }),
      );
    }
    if (!volumes.has(st.dev)) volumes.set(st.dev, dir);
  }
  for (const dir of volumes.values()) out.push(await spaceFinding(dir, deps));
  return out;
}

async function spaceFinding(dir: string, deps: EnvCheckDeps): Promise<DoctorFinding> {
  const { freeBytes, totalBytes } = await deps.diskSpace(dir);
  const low = freeBytes < LOW_SPACE && freeBytes < totalBytes * 0.05;
  const severity = freeBytes < CRITICAL_SPACE ? 'error' : low ? 'warning' : 'info';
  return envFinding('free-space', {
    qualifier: dir,
    severity,
    path: dir,
    message: `${formatBytes(freeBytes)} free of ${formatBytes(totalBytes)} on the volume holding ${dir}.`,
    explanation:
      severity === 'info'
        ? 'Enough room for downloads and builds.'
        : 'Downloads and builds fail half-way when the disk fills up, leaving partial files behind.',
    fix:
      severity === 'info'
        ? undefined
        : 'Free space, e.g. `modvault clean unused` and `modvault clean gocache`.',
  });
}
