import type { CacheAbsence } from '../../shared/dto/cache';
import { formatCount, formatDateTime } from '../../shared/format';
import type { CliContext, ExitCode } from './command';
import { runHint } from './hint';

/**
 * What every command that checks the module cache says when there is none, and its exit code:
 * a deleted cache (a snapshot of it exists) is a problem found (1) with the command that brings
 * it back; a cache Go never created is a first run (0) with what to do next.
 */
export function reportMissingCache(
  ctx: CliContext,
  gomodcache: string,
  absence: CacheAbsence | null | undefined,
): ExitCode {
  const { style } = ctx;
  const snap = absence?.snapshot;
  if (snap) {
    if (!ctx.json) {
      ctx.print(
        `${style.yellow('The module cache was deleted:')} ${gomodcache} is gone; snapshot ${snap.id} (${formatDateTime(snap.time)}) holds ${formatCount(snap.versions)} of its versions.`,
      );
      ctx.print(`Bring it back: run ${runHint(ctx, ['restore', snap.id])}.`);
    }
    return 1;
  }
  if (!ctx.json) {
    ctx.print(
      `No module cache yet: Go creates ${gomodcache} when it first downloads a module (go build, go mod download). Nothing to check.`,
    );
    ctx.print(
      style.dim(
        absence?.snapshots
          ? `The store holds ${formatCount(absence.snapshots)} snapshot(s) of other caches; restore one into it: run ${runHint(ctx, ['restore'])}.`
          : `To try ModVault on a small real cache first: run ${runHint(ctx, ['demo'])}.`,
      ),
    );
  }
  return 0;
}
