import path from 'node:path';
import type { CheckProblem } from '../../../shared/dto/store';
import { snapshotsUsingBlobs } from './affected-snapshots';
import type { StorePaths } from './backup-store';
import { BlobDamage } from './blob-damage';
import { FileIntents, manifestPath, packPath } from './file-intents';
import type { Db } from './migrations';
import { SnapshotCatalog } from './snapshot-catalog';
import { readManifest } from './snapshot-manifest';
import type { StoreContents } from './store-health';
import { REPAIR_COMMAND } from './store-health';

const REPAIR_FIX = `Run \`${REPAIR_COMMAND}\`: nothing is deleted, and what the index lacks is added back.`;

/**
 * What the store's files say beside the packs' contents: packs and manifests the index does
 * not know (it is older than the store), manifests missing or damaged, and blobs found damaged
 * or lost before that no snapshot has stored again yet.
 */
export function fileProblems(db: Db, paths: StorePaths, contents: StoreContents): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const intents = new FileIntents(db, Date.now).paths();
  const knownPacks = new Set(db.prepare('SELECT name FROM packs').pluck().all() as string[]);
  for (const name of contents.packs) {
    if (knownPacks.has(name)) continue;
    const interrupted = intents.has(packPath(name));
    problems.push({
      kind: interrupted ? 'orphan-pack' : 'index-behind',
      detail: interrupted
        ? `${name} is not in the index (being written, or left by an interrupted write; the next snapshot removes it)`
        : `${name} is not in the index, and no write left it: the index is older than the packs`,
      file: path.join(paths.packs, name),
      snapshots: [],
      severity: interrupted ? 'info' : 'error',
      ...(interrupted ? {} : { fix: REPAIR_FIX }),
    });
  }
  const catalog = new SnapshotCatalog(db);
  const named = new Map<string, string>();
  for (const r of catalog.list()) {
    if (r.manifest === null) {
      problems.push({
        kind: 'manifest-missing',
        detail: `snapshot ${r.id} has no manifest yet (taken by an earlier ModVault; the next snapshot writes it)`,
        file: null,
        snapshots: [r.id],
        severity: 'info',
      });
      continue;
    }
    named.set(r.manifest, r.id);
    const file = path.join(paths.snapshots, r.manifest);
    if (!contents.manifests.includes(r.manifest)) {
      problems.push({
        kind: 'manifest-missing',
        detail: `the manifest of snapshot ${r.id} is missing: without the index, the snapshot could not be recovered`,
        file,
        snapshots: [r.id],
        severity: 'error',
        fix: `Run \`${REPAIR_COMMAND}\`: it writes the manifest again from the index.`,
      });
      continue;
    }
    try {
      if (readManifest(file).id !== r.id) throw new Error('it names another snapshot');
    } catch (e) {
      problems.push({
        kind: 'manifest-damaged',
        detail: `the manifest of snapshot ${r.id} is damaged: ${(e as Error).message}`,
        file,
        snapshots: [r.id],
        severity: 'error',
        fix: `Run \`${REPAIR_COMMAND}\`: it moves the damaged file aside and writes it again from the index.`,
      });
    }
  }
  for (const name of contents.manifests) {
    if (named.has(name)) continue;
    const interrupted = intents.has(manifestPath(name));
    problems.push({
      kind: interrupted ? 'orphan-pack' : 'index-behind',
      detail: interrupted
        ? `manifest ${name} is not in the index (being written, or left by an interrupted snapshot)`
        : `manifest ${name} describes a snapshot the index does not know: the index is older than the store`,
      file: path.join(paths.snapshots, name),
      snapshots: [],
      severity: interrupted ? 'info' : 'error',
      ...(interrupted ? {} : { fix: REPAIR_FIX }),
    });
  }
  return problems;
}

/** Damage recorded earlier and not healed yet (found again or not by this check). */
export function knownDamage(db: Db, skip: ReadonlySet<number>): CheckProblem[] {
  const rows = new BlobDamage(db, Date.now).list().filter((r) => !skip.has(r.id));
  if (rows.length === 0) return [];
  const lost = rows.filter((r) => r.lost).length;
  return [
    {
      kind: 'blob-lost',
      detail: `${rows.length} blob${rows.length === 1 ? ' was' : 's were'} found damaged or missing earlier${lost ? ` (${lost} with no copy in any pack)` : ''} and not stored again yet: first ${rows[0]!.sha256.toString('hex').slice(0, 16)}… (${rows[0]!.reason})`,
      file: null,
      snapshots: snapshotsUsingBlobs(
        db,
        rows.map((r) => r.id),
      ),
      severity: 'error',
      fix: 'Take a snapshot while the module cache still holds these files: it stores them again and the snapshots listed restore completely.',
    },
  ];
}
