import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { GoEnvReport } from '../../../shared/dto/env';
import type { CacheAbsence } from '../../../shared/dto/cache';
import type { DoctorFinding } from '../../../shared/dto/doctor';
import type { DiskSpace } from '../platform/disk-space';
import { envFinding } from './finding';

export interface EnvCheckDeps {
  diskSpace(p: string): Promise<DiskSpace>;
  /** Why the module cache is missing: deleted (a snapshot of it exists) or never created. */
  absence?(gomodcache: string): Promise<CacheAbsence>;
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
          text: {
            message: 'doctor.env.goFound.message',
            explanation: 'doctor.env.goFound.explanation',
            params: { version: env.go.version ?? '(unknown version)', binary: env.go.binary },
          },
        })
      : envFinding('go', {
          severity: 'error',
          text: {
            message: 'doctor.env.goMissing.message',
            explanation: 'doctor.env.goMissing.explanation',
            fix: 'doctor.env.goMissing.fix',
            params: { error: env.go.error ?? env.go.binary },
          },
        }),
  );
  const volumes = new Map<number, string>();
  for (const [check, name, dir] of [
    ['gomodcache', 'GOMODCACHE', env.gomodcache],
    ['gocache', 'GOCACHE', env.gocache],
  ] as const) {
    if (check === 'gocache' && env.gocache === 'off') {
      out.push(
        envFinding('gocache-off', {
          severity: 'error',
          text: {
            message: 'doctor.env.gocacheOff.message',
            explanation: 'doctor.env.gocacheOff.explanation',
            fix: 'doctor.env.gocacheOff.fix',
          },
        }),
      );
      continue;
    }
    const params = { dir, name };
    const st = await statOrNull(dir);
    if (!st) {
      out.push(
        check === 'gomodcache'
          ? await missingModuleCache(dir, params, deps)
          : envFinding(check, {
              severity: 'info',
              path: dir,
              text: {
                message: 'doctor.env.gocacheMissing.message',
                explanation: 'doctor.env.gocacheMissing.explanation',
                params,
              },
            }),
      );
      continue;
    }
    if (!st.isDirectory()) {
      out.push(
        envFinding(check, {
          severity: 'error',
          path: dir,
          text: {
            message: `doctor.env.${check}File.message`,
            explanation: 'doctor.env.cacheFile.explanation',
            fix: 'doctor.env.cacheFile.fix',
            params,
          },
        }),
      );
      continue;
    }
    if (deps.uid !== null && deps.uid !== 0 && st.uid !== deps.uid) {
      out.push(
        envFinding(`${check}-owner`, {
          severity: 'warning',
          path: dir,
          text: {
            message: `doctor.env.${check}Owner.message`,
            explanation: 'doctor.env.cacheOwner.explanation',
            fix: 'doctor.env.cacheOwner.fix',
            params: { ...params, uid: st.uid },
          },
        }),
      );
    }
    if (!(await writable(dir))) {
      out.push(
        envFinding(`${check}-writable`, {
          severity: 'error',
          path: dir,
          text: {
            message: `doctor.env.${check}Writable.message`,
            explanation: 'doctor.env.cacheWritable.explanation',
            fix: 'doctor.env.cacheWritable.fix',
            params,
          },
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
    text: {
      message: 'doctor.env.freeSpace.message',
      explanation:
        severity === 'info'
          ? 'doctor.env.freeSpace.explanation'
          : 'doctor.env.freeSpaceLow.explanation',
      fix: severity === 'info' ? undefined : 'doctor.env.freeSpaceLow.fix',
      params: { free: freeBytes, total: totalBytes, dir },
    },
  });
}

/**
 * A module cache that is not there: deleted when a snapshot of it exists (a warning, fixed by a
 * restore), else a first run — Go creates it on its first download; nothing is wrong.
 */
async function missingModuleCache(
  dir: string,
  params: { dir: string; name: string },
  deps: EnvCheckDeps,
): Promise<DoctorFinding> {
  const snap = (await deps.absence?.(dir))?.snapshot ?? null;
  if (!snap)
    return envFinding('gomodcache', {
      severity: 'info',
      path: dir,
      text: {
        message: 'doctor.env.gomodcacheFirstRun.message',
        explanation: 'doctor.env.gomodcacheFirstRun.explanation',
        params,
      },
    });
  return envFinding('gomodcache', {
    severity: 'warning',
    path: dir,
    command: ['restore', snap.id],
    text: {
      message: 'doctor.env.gomodcacheDeleted.message',
      explanation: 'doctor.env.gomodcacheMissing.explanation',
      fix: 'doctor.env.gomodcacheDeleted.fix',
      params: { ...params, snapshot: snap.id, n: snap.versions },
    },
  });
}
