import type { SnapshotProblem, SnapshotProblemKind } from '../../shared/dto/store';
import { NOTE_PROBLEMS } from '../../shared/dto/store';
import type { CliContext } from './command';

const REPAIR =
  'Repair the cache with `modvault doctor --fix` (it restores the version from a snapshot or downloads it again), then take a snapshot again.';

/** What to do about each kind of snapshot problem (printed once per kind). */
const FIXES: Record<SnapshotProblemKind, string | null> = {
  'zip-mismatch': REPAIR,
  'zip-invalid': REPAIR,
  'zip-unreadable': REPAIR,
  'tree-mismatch': REPAIR,
  'tree-unreadable': REPAIR,
  unverified: null,
  'mod-missing': REPAIR,
  'info-invalid': REPAIR,
  unreadable:
    'Make the file readable by your user (ModVault never needs sudo), then take a snapshot again.',
  changed: 'Take the snapshot again once the go command has finished.',
  vanished: 'Take the snapshot again once the go command has finished.',
  symlink:
    'Go never puts links or special files in its caches. If you made it, replace it with the real file or folder; if not, delete it (`modvault doctor --fix` re-creates a version’s files from its zip or a snapshot).',
};

/** The problems of a snapshot or an import, each with the file it is about and what to do. */
export function printSnapshotProblems(ctx: CliContext, problems: SnapshotProblem[]): void {
  const { style } = ctx;
  const fixed = new Set<SnapshotProblemKind>();
  for (const p of problems) {
    const note = NOTE_PROBLEMS.includes(p.kind);
    const tag = note ? style.dim('note   ') : style.red('problem');
    const who = p.version ? `${p.path}@${p.version}` : (p.file ?? '');
    const kept = p.keptFrom ? style.dim(` (kept the copy from snapshot ${p.keptFrom})`) : '';
    ctx.print(`${tag} ${who}: ${p.kind}: ${p.detail}${kept}`);
    if (p.file && p.version && !p.detail.includes(p.file)) ctx.print(`        file: ${p.file}`);
    const fix = FIXES[p.kind];
    if (fix && !fixed.has(p.kind)) {
      fixed.add(p.kind);
      ctx.print(`        fix:  ${fix}`);
    }
  }
}
