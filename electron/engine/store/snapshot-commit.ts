import type { SnapshotProblem } from '../../../shared/dto/store';
import type { WriteSession } from './backup-store';
import type { BlobSink } from './blob-sink';
import type { FaultPoints } from './fault-points';
import { manifestPath } from './file-intents';
import type { SnapshotRecord } from './snapshot-catalog';
import { SnapshotCatalog } from './snapshot-catalog';
import { describeSets, metaIds, SnapshotDescriber } from './snapshot-describer';
import type { ManifestBlobs } from './snapshot-manifest';
import { manifestOf, writeManifest } from './snapshot-manifest';
import type { FileSetItem, SnapshotContents, VersionSetItem } from './snapshot-recorder';
import { SnapshotRecorder } from './snapshot-recorder';

/**
 * Commits a snapshot whose contents are durable, in the order that keeps the store able to
 * describe itself: its metadata blobs (packed and committed), its sets, its manifest file
 * (durable, announced by an intent), and only then its row. A crash before the row leaves no
 * snapshot: the next writer removes the manifest no row names.
 */
export async function commitSnapshot(
  s: WriteSession,
  sink: BlobSink,
  c: SnapshotContents,
  faults: FaultPoints,
): Promise<SnapshotRecord> {
  const recorder = new SnapshotRecorder(s.db);
  const describer = new SnapshotDescriber(s.db, sink);
  const shas = await describeSets(recorder, describer, c.versions, c.files, c.problems);
  await sink.finish();
  const ids = metaIds(sink, shas);
  const prepared = s.db.transaction(() => {
    describer.commit();
    return recorder.prepare(c, ids);
  })();
  const manifest = await writeManifest(
    s.paths.snapshots,
    s.intents,
    manifestOf(prepared.record, shas),
  );
  faults.hit('snapshot-committing');
  recorder.commit(prepared, manifest, s.intents);
  return { ...prepared.record, manifest };
}

/**
 * Writes the manifests (and metadata blobs) of snapshots that have none: taken by a ModVault
 * that wrote none, or recovered from an index copy by `store repair`. Returns how many.
 */
export async function describeRecorded(s: WriteSession, sink: BlobSink): Promise<number> {
  const catalog = new SnapshotCatalog(s.db);
  const todo = catalog.list().filter((r) => r.manifest === null);
  if (todo.length === 0) return 0;
  const recorder = new SnapshotRecorder(s.db);
  const describer = new SnapshotDescriber(s.db, sink);
  const versionItems = s.db.prepare(
    'SELECT version_id AS versionId, mod_blob AS modBlob, info_blob AS infoBlob FROM version_set_items WHERE set_id = ?',
  );
  const fileItems = s.db.prepare(
    `SELECT i.area, i.path, i.blob_id AS blobId, i.mode, b.size FROM file_set_items i
     JOIN blobs b ON b.id = i.blob_id WHERE i.set_id = ?`,
  );
  const plans: {
    r: SnapshotRecord;
    versions: VersionSetItem[];
    files: FileSetItem[];
    shas: ManifestBlobs;
  }[] = [];
  for (const r of todo) {
    const versions = versionItems.all(r.versionSetId) as VersionSetItem[];
    const files = fileItems.all(r.fileSetId) as FileSetItem[];
    const problems = JSON.parse(r.problems) as SnapshotProblem[];
    plans.push({
      r,
      versions,
      files,
      shas: await describeSets(recorder, describer, versions, files, problems),
    });
  }
  await sink.finish();
  s.db.transaction(() => {
    describer.commit();
    for (const p of plans) {
      const ids = metaIds(sink, p.shas);
      recorder.versionSet(p.versions, ids.versionSet);
      recorder.fileSet(p.files, ids.fileSet);
      s.db.prepare('UPDATE snapshots SET problems_blob = ? WHERE id = ?').run(ids.problems, p.r.id);
    }
  })();
  const setManifest = s.db.prepare('UPDATE snapshots SET manifest = ? WHERE id = ?');
  for (const p of plans) {
    const name = await writeManifest(s.paths.snapshots, s.intents, manifestOf(p.r, p.shas));
    s.db.transaction(() => {
      setManifest.run(name, p.r.id);
      s.intents.done(manifestPath(name));
    })();
  }
  return plans.length;
}
