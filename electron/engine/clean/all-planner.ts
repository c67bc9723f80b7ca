import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { CleanTarget } from '../../../shared/dto/clean';
import { Yielder } from '../platform/yielder';
import { buildCacheShards, diskUsage } from './gocache-entries';
import type { PlannedItem } from './planned-item';
import { fileItem } from './planned-item';
import type { Said } from '../english';
import { say } from '../english';

export const DEFAULT_ALL_TARGETS: CleanTarget[] = ['modcache', 'cache', 'testcache'];

const isDir = (p: string) =>
  lstat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

/**
 * `clean all`: what `go clean -modcache -cache -testcache [-fuzzcache]` removes — the whole
 * module cache; the build cache's shards (README, trim.txt, testexpire.txt and fuzz/ stay, as
 * with Go); test results (expired by writing testexpire.txt, unless the shards go anyway);
 * fuzzing corpora only when asked, since they are inputs people keep.
 */
export async function planAll(
  roots: { gomodcache: string; gocache: string },
  targets: readonly CleanTarget[],
  signal?: AbortSignal,
): Promise<{ items: PlannedItem[]; notes: Said[] }> {
  const yielder = new Yielder(signal);
  const items: PlannedItem[] = [];
  const notes: Said[] = [];
  const gocacheOff = roots.gocache === 'off' || roots.gocache === '';
  if (targets.includes('modcache') && (await isDir(roots.gomodcache))) {
    items.push(
      fileItem(roots.gomodcache, {
        kind: 'cache-root',
        reason: say('cleanup.reason.modcache'),
        rule: 'all/modcache',
        bytes: await diskUsage(roots.gomodcache, yielder),
        lastUsed: null,
      }),
    );
  }
  if (gocacheOff && targets.some((t) => t !== 'modcache'))
    notes.push(say('cleanup.note.gocacheOff'));
  if (gocacheOff) return { items, notes };
  if (targets.includes('cache')) {
    const shards = await buildCacheShards(roots.gocache);
    let bytes = 0;
    for (const s of shards) bytes += await diskUsage(s, yielder);
    if (shards.length > 0)
      items.push({
        ...fileItem(roots.gocache, {
          kind: 'cache-dir',
          reason: say('cleanup.reason.gocacheAll'),
          rule: 'all/cache',
          bytes,
          lastUsed: null,
          cache: 'gocache',
          files: shards,
        }),
        id: `build-cache:${roots.gocache}`,
      });
  }
  if (targets.includes('testcache')) {
    if (targets.includes('cache')) notes.push(say('cleanup.note.testWithCache'));
    else if (await isDir(roots.gocache))
      items.push(
        fileItem(path.join(roots.gocache, 'testexpire.txt'), {
          kind: 'test-results',
          reason: say('cleanup.reason.testcache'),
          rule: 'all/testcache',
          bytes: 0,
          lastUsed: null,
          cache: 'gocache',
          files: [],
        }),
      );
  }
  const fuzz = path.join(roots.gocache, 'fuzz');
  if (targets.includes('fuzzcache') && (await isDir(fuzz)))
    items.push(
      fileItem(fuzz, {
        kind: 'cache-dir',
        reason: say('cleanup.reason.fuzzcache'),
        rule: 'all/fuzzcache',
        bytes: await diskUsage(fuzz, yielder),
        lastUsed: null,
        cache: 'gocache',
      }),
    );
  return { items, notes };
}
