import { existsSync, readFileSync } from 'node:fs';
import type { GoSum } from '../gomod/gosum';
import { isWellFormedH1 } from '../gomod/h1';
import type { CacheLayout, ModuleVersion } from '../gomod/layout';
import { versionKey } from '../gomod/layout';
import type { WorkerPool } from '../platform/worker-pool';

/** What is known about one version's hashes, to decide which of its parts can be trusted. */
export interface VersionFacts {
  /** h1 of the zip's entries; null when there is no readable zip. */
  zipH1: string | null;
  /** The zip passes Go's module zip checks. */
  zipValid: boolean;
  /** The .ziphash content, when well-formed. */
  ziphash: string | null;
  /** The h1 recorded by the projects' go.sum files (the trusted reference), if any. */
  sumH1: string | null;
  sumModH1: string | null;
  /** h1 of the extracted tree, when there is one and it was hashed. */
  treeH1: string | null;
  /** The hash the checksum verdict settled on (the database's, or what the witnesses agree on). */
  decidedH1?: string | null;
  decidedModH1?: string | null;
  /** go.sum hash of the go.mod inside the zip, when a go.mod dispute needs it. */
  zipGoModH1?: string | null;
}

export async function readVersionFacts(
  pool: WorkerPool,
  layout: CacheLayout,
  m: ModuleVersion,
  sums: readonly GoSum[],
  hashTree: boolean,
  signal?: AbortSignal,
): Promise<VersionFacts> {
  const sum = sums.map((s) => s.entries.get(versionKey(m))).find((e) => e?.h1 || e?.modH1);
  const zipPath = layout.versionFile(m, 'zip');
  let zipH1: string | null = null;
  let zipValid = false;
  if (existsSync(zipPath)) {
    try {
      const r = await pool.run('hashZip', { zipPath, module: m }, signal);
      zipH1 = r.h1;
      zipValid = r.problems.length === 0;
    } catch {
      zipH1 = null; // truncated or damaged: the finding already says so
    }
  }
  let ziphash: string | null = null;
  try {
    const text = readFileSync(layout.versionFile(m, 'ziphash'), 'utf8');
    if (isWellFormedH1(text)) ziphash = text;
  } catch {
    ziphash = null;
  }
  let treeH1: string | null = null;
  const dir = layout.treeDir(m);
  if (hashTree && existsSync(dir)) {
    treeH1 = await pool
      .run('hashTree', { dir, prefix: versionKey(m) }, signal)
      .then((r) => r.h1)
      .catch(() => null);
  }
  return { zipH1, zipValid, ziphash, sumH1: sum?.h1 ?? null, sumModH1: sum?.modH1 ?? null, treeH1 };
}

/**
 * The h1 the version must have: the checksum database's when it answered; go.sum's when a
 * project recorded one; otherwise the value two independent copies (zip, .ziphash, tree) agree
 * on; null when nothing can be trusted.
 */
export function trustedH1(f: VersionFacts): string | null {
  if (f.decidedH1) return f.decidedH1;
  if (f.sumH1) return f.sumH1;
  if (f.zipH1 && (f.zipH1 === f.ziphash || f.zipH1 === f.treeH1)) return f.zipH1;
  if (f.ziphash && f.ziphash === f.treeH1) return f.ziphash;
  return null;
}

/** The go.mod hash the version must have: the database's, else go.sum's. */
export function trustedModH1(f: VersionFacts): string | null {
  return f.decidedModH1 ?? f.sumModH1;
}

/** The zip can be used to rebuild the rest: valid, and matching what can be trusted. */
export function zipIsGood(f: VersionFacts): boolean {
  if (!f.zipH1 || !f.zipValid) return false;
  const trusted = trustedH1(f);
  // Nothing to compare with but a missing or garbage .ziphash: Go itself would trust the zip.
  if (trusted === null) return f.ziphash === null;
  return f.zipH1 === trusted;
}
