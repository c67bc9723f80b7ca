import { appendFileSync, lstatSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CleanItemKind, QuarantineStatus } from '../../../shared/dto/clean';
import { errnoCode, fromErrno } from '../errors';
import type { ModuleVersion } from '../gomod/layout';
import type { TreeOps } from '../platform/tree-ops';
import type { PlannedItem } from './planned-item';

const MANIFEST = 'manifest.json';

/** Whether something (a file, a folder, a dangling link) is at `p`. */
export const exists = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;
const JOURNAL = 'items.jsonl';

/** One quarantine's share of one cache: `<quarantine folder>/<id>/`. */
export interface PartManifest {
  format: 1;
  id: string;
  createdAt: number;
  /** What created it: "clean unused", "doctor". */
  origin: string;
  /** The cache the items came from (module or build cache root). */
  cacheRoot: string;
  cacheLabel: string;
  status: QuarantineStatus;
  items: number;
  bytes: number;
}

export interface PartMove {
  /** Where it lived (absolute). */
  from: string;
  /** Where it is now, relative to the part folder. */
  to: string;
}

export interface PartItem {
  n: number;
  id: string;
  kind: CleanItemKind;
  path: string;
  version: string | null;
  rule: string;
  reason: string;
  bytes: number;
  lock: ModuleVersion | null;
  listDir: string | null;
  moves: PartMove[];
}

/** A part's manifest; null when it is missing or not ModVault's (such folders are ignored). */
export async function readManifest(dir: string): Promise<PartManifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST), 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw fromErrno(e, `the quarantine ${dir}`) ?? e;
  }
  try {
    const m = JSON.parse(text) as PartManifest;
    return m.format === 1 && typeof m.id === 'string' ? m : null;
  } catch {
    return null;
  }
}

export async function writeManifest(dir: string, m: PartManifest): Promise<void> {
  const tmp = path.join(dir, `${MANIFEST}.tmp`);
  await writeFile(tmp, JSON.stringify(m, null, 2) + '\n');
  await rename(tmp, path.join(dir, MANIFEST));
}

/** The journal: one line per item, written before the item moves, so a crash loses nothing. */
export async function readJournal(dir: string): Promise<PartItem[]> {
  let text: string;
  try {
    text = await readFile(path.join(dir, JOURNAL), 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return [];
    throw fromErrno(e, `the quarantine journal in ${dir}`) ?? e;
  }
  const items: PartItem[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      items.push(JSON.parse(line) as PartItem);
    } catch {
      /* the last line may be cut by a crash: its item never moved */
    }
  }
  return items;
}

/**
 * Moves items into a quarantine part by rename, journalling each item before it moves. The
 * folder keeps Go's names (`data/<n>/<name>@<version>`, `data/<n>/<v>.zip`, …) so a person can
 * find things in it too.
 */
export class QuarantinePart {
  private count = 0;
  private bytes = 0;

  private constructor(
    readonly dir: string,
    private manifest: PartManifest,
    private readonly trees: TreeOps,
  ) {}

  static async create(
    dir: string,
    manifest: Omit<PartManifest, 'format' | 'status' | 'items' | 'bytes'>,
    trees: TreeOps,
  ): Promise<QuarantinePart> {
    const full: PartManifest = { format: 1, status: 'incomplete', items: 0, bytes: 0, ...manifest };
    try {
      await mkdir(path.join(dir, 'data'), { recursive: true, mode: 0o700 });
      await writeManifest(dir, full);
    } catch (e) {
      throw fromErrno(e, `the quarantine folder ${dir}`) ?? e;
    }
    return new QuarantinePart(dir, full, trees);
  }

  get id(): string {
    return this.manifest.id;
  }

  /**
   * Journals the item, then moves its files (paths already checked by the caller). If a move
   * fails, the files already moved go back, so no version is left half in quarantine.
   */
  async add(item: PlannedItem): Promise<void> {
    const n = ++this.count;
    const used = new Set<string>();
    const moves = item.files.map((from) => {
      let name = path.basename(from);
      while (used.has(name)) name += '~';
      used.add(name);
      return { from, to: `data/${n}/${name}` };
    });
    const entry: PartItem = {
      n,
      id: item.id,
      kind: item.kind,
      path: item.path,
      version: item.version,
      rule: item.rule,
      reason: item.reason,
      bytes: item.bytes,
      lock: item.lock,
      listDir: item.listDir,
      moves,
    };
    appendFileSync(path.join(this.dir, JOURNAL), JSON.stringify(entry) + '\n');
    const done: PartMove[] = [];
    for (const m of moves) {
      if (!exists(m.from)) continue; // removed meanwhile (by Go): nothing to keep
      try {
        await this.trees.move(m.from, path.join(this.dir, m.to));
        done.push(m);
      } catch (e) {
        for (const back of done.reverse())
          await this.trees.move(path.join(this.dir, back.to), back.from).catch(() => {});
        throw e;
      }
    }
    this.bytes += item.bytes;
  }

  async finish(): Promise<void> {
    this.manifest = { ...this.manifest, status: 'complete', items: this.count, bytes: this.bytes };
    await writeManifest(this.dir, this.manifest);
  }
}
