import path from 'node:path';
import type { RestoreFailure, RestoreMismatch } from '../../../shared/dto/restore';
import type { GoSum } from '../gomod/gosum';
import { h1ForGoMod } from '../gomod/h1';
import type { CacheLayout } from '../gomod/layout';
import { versionKey } from '../gomod/layout';
import type { PlannedVersion } from './restore-planner';
import type { VersionOutcome } from './version-task';
import { readFileSync } from '../platform/no-follow';

export interface Verification {
  restored: number;
  verified: number;
  failed: RestoreFailure[];
  mismatches: RestoreMismatch[];
}

/**
 * Checks every restored version against the snapshot and the projects: the zip and the tree as
 * read back from disk must hash to the snapshot's h1 (the writer measured them), and that h1 —
 * and the .mod now on disk — must equal every go.sum line for the version. A version whose zip
 * was already there and sound was hashed while planning. Any difference is possible tampering.
 */
export function verifyRestore(
  layout: CacheLayout,
  planned: PlannedVersion[],
  outcomes: VersionOutcome[],
  sums: GoSum[],
): Verification {
  const byKey = new Map(planned.map((p) => [versionKey(p), p]));
  const out: Verification = { restored: 0, verified: 0, failed: [], mismatches: [] };
  for (const p of planned)
    if (p.conflicts.length) {
      out.mismatches.push(...p.conflicts);
      out.failed.push({
        path: p.path,
        version: p.version,
        reason: 'mismatch',
        message: p.conflicts[0]!.message,
      });
    }
  for (const o of outcomes) {
    const p = byKey.get(versionKey(o))!;
    if (o.mismatch) {
      out.mismatches.push({
        path: o.path,
        version: o.version,
        what: o.mismatch.what,
        expected: o.mismatch.expected,
        actual: o.mismatch.actual,
        project: null,
        message: `the restored ${o.mismatch.what} hashes to ${o.mismatch.actual}, the snapshot says ${o.mismatch.expected}: the store's copy is damaged or was tampered with; not restored`,
      });
    }
    if (o.error) {
      out.failed.push({
        path: o.path,
        version: o.version,
        reason: o.mismatch ? 'mismatch' : 'error',
        message: o.error.message,
        ...(o.error.fix ? { fix: o.error.fix } : {}),
      });
      continue;
    }
    out.restored++;
    const problems = sumProblems(layout, p, o, sums);
    out.mismatches.push(...problems);
    if (problems.length === 0) out.verified++;
  }
  return out;
}

function sumProblems(
  layout: CacheLayout,
  p: PlannedVersion,
  o: VersionOutcome,
  sums: GoSum[],
): RestoreMismatch[] {
  const out: RestoreMismatch[] = [];
  const hashes = [o.zipH1, o.treeH1, o.wrote.includes('ziphash') ? p.h1 : null].filter(
    (h): h is string => h !== null,
  );
  let modH1: string | null | undefined;
  for (const sum of sums) {
    const e = sum.entries.get(versionKey(p));
    if (!e) continue;
    const project = path.dirname(sum.file);
    const bad = e.h1 ? hashes.find((h) => h !== e.h1) : undefined;
    if (bad)
      out.push({
        path: p.path,
        version: p.version,
        what: 'gosum',
        expected: e.h1!,
        actual: bad,
        project,
        message: `the restored version hashes to ${bad}, ${sum.file} says ${e.h1}: possible tampering`,
      });
    if (e.modH1 && o.wrote.includes('mod')) {
      modH1 ??= readModH1(layout, p);
      if (modH1 !== e.modH1)
        out.push({
          path: p.path,
          version: p.version,
          what: 'mod',
          expected: e.modH1,
          actual: modH1 ?? 'unreadable',
          project,
          message: `the restored .mod hashes to ${modH1 ?? '(unreadable)'}, ${sum.file} says ${e.modH1}: possible tampering`,
        });
    }
  }
  return out;
}

function readModH1(layout: CacheLayout, p: PlannedVersion): string | null {
  try {
    return h1ForGoMod(readFileSync(layout.versionFile(p, 'mod')));
  } catch {
    return null;
  }
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The go command a user can run to double-check a restore: `go mod verify` hashes every module
 * of the project in the cache (zip against .ziphash, tree against both) and checks go.sum.
 */
export function doubleCheckCommand(opts: {
  projects: string[];
  target: string;
  live: boolean;
}): string {
  const env = [
    ...(opts.live ? [] : [`GOMODCACHE=${quote(opts.target)}`]),
    'GOPROXY=off',
    'GOFLAGS=-mod=mod',
  ];
  const cd = opts.projects.length ? `cd ${quote(opts.projects[0]!)}` : 'cd <your project>';
  return `${cd} && ${env.join(' ')} go mod verify`;
}
