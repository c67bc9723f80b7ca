import { readFile } from 'node:fs/promises';
import type { ChecksumVerdict } from '../../../shared/dto/doctor';
import type { GoSum } from '../gomod/gosum';
import { h1ForGoMod } from '../gomod/h1';
import type { CacheLayout, ModuleVersion } from '../gomod/layout';
import { versionKey } from '../gomod/layout';
import { ZipReader } from '../gomod/zip-reader';
import type { DbWitness } from './checksum-verdict';
import { decideMod, decideZip } from './checksum-verdict';
import type { SnapshotRestorePort } from './snapshot-port';
import type { SumdbAsk } from './sumdb-witness';
import type { VersionFacts } from './version-facts';

export interface Verdicts {
  zip: ChecksumVerdict | null;
  mod: ChecksumVerdict | null;
}

/**
 * Hears every witness of a disputed version — the cache's copies, each go.sum, a snapshot and the
 * checksum database — and settles its zip hash and its go.mod hash. Settled hashes go into
 * `facts`, so the repair rebuilds from them.
 */
export async function judgeVersion(
  layout: CacheLayout,
  m: ModuleVersion,
  facts: VersionFacts,
  sums: readonly GoSum[],
  deps: { ask: SumdbAsk; snapshots: SnapshotRestorePort },
): Promise<Verdicts> {
  const key = versionKey(m);
  const entries = sums.flatMap((s) => {
    const e = s.entries.get(key);
    return e ? [{ file: s.file, ...e }] : [];
  });
  const zipSums = entries.flatMap((e) => (e.h1 ? [{ file: e.file, h1: e.h1 }] : []));
  const modSums = entries.flatMap((e) => (e.modH1 ? [{ file: e.file, h1: e.modH1 }] : []));
  const db: DbWitness = await deps.ask(m);
  const oneSum = new Set(zipSums.map((s) => s.h1)).size === 1 ? zipSums[0]!.h1 : null;
  const snapshotWithSum = oneSum && (await deps.snapshots.latestHolding(m, oneSum)) ? oneSum : null;
  const zip = decideZip(
    {
      zip: facts.zipH1,
      ziphash: facts.ziphash,
      tree: facts.treeH1,
      sums: zipSums,
      snapshotWithSum,
    },
    db,
  );
  const zipGoMod = zipGoModH1(layout, m);
  const mod =
    zip?.culprit === 'sumdb-misbehaving'
      ? null
      : decideMod({ mod: await modH1(layout, m), zipGoMod, sums: modSums }, db);
  if (zip?.truth) facts.decidedH1 = zip.truth;
  if (mod?.truth) facts.decidedModH1 = mod.truth;
  facts.zipGoModH1 = zipGoMod;
  return { zip, mod };
}

async function modH1(layout: CacheLayout, m: ModuleVersion): Promise<string | null> {
  try {
    return h1ForGoMod(await readFile(layout.versionFile(m, 'mod')));
  } catch {
    return null; // missing or unreadable: its own finding
  }
}

/** The go.mod inside the version's zip (the one Go synthesizes when there is none). */
export function readZipGoMod(layout: CacheLayout, m: ModuleVersion): Buffer {
  const reader = ZipReader.openSync(layout.versionFile(m, 'zip'));
  try {
    const entry = reader.entries.find((e) => e.name === `${m.path}@${m.version}/go.mod`);
    return entry ? reader.readContent(entry) : Buffer.from(`module ${m.path}\n`);
  } finally {
    reader.close();
  }
}

/** The go.sum hash of the go.mod inside the zip; null when the zip cannot be read. */
export function zipGoModH1(layout: CacheLayout, m: ModuleVersion): string | null {
  try {
    return h1ForGoMod(readZipGoMod(layout, m));
  } catch {
    return null;
  }
}
