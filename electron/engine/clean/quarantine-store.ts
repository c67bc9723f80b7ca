import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { QuarantineInfo } from '../../../shared/dto/clean';
import { EngineError, errnoCode, fromErrno } from '../errors';
import { PathGuard } from '../platform/path-guard';
import type { PartManifest } from './quarantine-part';
import { readJournal, readManifest } from './quarantine-part';

const DEFAULT_FOLDER_NAME = '.modvault-quarantine';
const ID = /^q-\d{8}-\d{6}-[a-f0-9]{6}$/;
/** A day of the quarantine's retention, in ms. */
export const DAY_MS = 24 * 3600 * 1000;

export interface PartRef {
  folder: string;
  dir: string;
  manifest: PartManifest;
}

/** The nearest existing folder at or above `p` (where a new folder would be created). */
async function existingAncestor(p: string): Promise<{ dir: string; dev: number }> {
  for (let dir = path.resolve(p); ; dir = path.dirname(dir)) {
    const st = await stat(dir).catch(() => null);
    if (st) return { dir, dev: st.dev };
    if (path.dirname(dir) === dir) throw new EngineError('PATH_INVALID', `${p} cannot be created.`);
  }
}

const isWithin = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Where quarantines live and how they are found again. Each cache gets a folder on its own
 * volume, outside the cache so `go clean -modcache` leaves it alone — by default
 * `.modvault-quarantine` beside the cache root (`~/go/pkg/.modvault-quarantine`). The folders
 * used are remembered in `<app data>/quarantine-folders.json`, so `list` still finds them after
 * GOMODCACHE changes.
 */
export class QuarantineStore {
  private readonly registry: string;

  constructor(
    appDataDir: string,
    private readonly home: string,
    private readonly now: () => number,
  ) {
    this.registry = path.join(appDataDir, 'quarantine-folders.json');
  }

  newId(): string {
    const iso = new Date(this.now()).toISOString(); // 2024-01-02T03:04:05.678Z
    const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
    return `q-${stamp}-${randomBytes(3).toString('hex')}`;
  }

  /**
   * The quarantine folder for a cache root: checked to be a safe place, outside every cache, on
   * the cache's volume (a rename cannot cross volumes, and ModVault never copies instead).
   */
  async folderFor(
    cacheRoot: string,
    allCaches: string[],
    configured: string | null,
  ): Promise<string> {
    const folder = path.resolve(
      configured ?? path.join(path.dirname(cacheRoot), DEFAULT_FOLDER_NAME),
    );
    PathGuard.checkRoot({ label: 'quarantine folder', path: folder }, this.home);
    for (const c of allCaches)
      if (c && isWithin(folder, c))
        throw new EngineError(
          'UNSAFE_PATH',
          `The quarantine folder ${folder} is inside the cache ${c}.`,
          {
            path: folder,
            fix: '`go clean` would wipe it with the cache: choose a folder outside the cache (modvault clean settings --quarantine-dir DIR).',
          },
        );
    const cacheDev = (await stat(cacheRoot)).dev;
    const target = await existingAncestor(folder);
    if (target.dev !== cacheDev)
      throw new EngineError(
        'UNSUPPORTED',
        `The quarantine folder ${folder} is on another volume than ${cacheRoot}: quarantining moves files by rename, which cannot cross volumes, and copying gigabytes is what quarantine avoids.`,
        {
          path: folder,
          fix: 'Choose a quarantine folder on the same volume (modvault clean settings --quarantine-dir DIR), or use --delete.',
        },
      );
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await this.remember(folder);
    } catch (e) {
      throw fromErrno(e, `the quarantine folder ${folder}`) ?? e;
    }
    return folder;
  }

  async folders(): Promise<string[]> {
    try {
      const list = JSON.parse(await readFile(this.registry, 'utf8')) as unknown;
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  private async remember(folder: string): Promise<void> {
    const known = await this.folders();
    if (known.includes(folder)) return;
    await mkdir(path.dirname(this.registry), { recursive: true });
    const tmp = `${this.registry}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify([...known, folder], null, 2) + '\n');
    await rename(tmp, this.registry);
  }

  /** Every quarantine part in every known folder. */
  async parts(): Promise<PartRef[]> {
    const out: PartRef[] = [];
    for (const folder of await this.folders()) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (e) {
        if (errnoCode(e) === 'ENOENT') continue;
        throw fromErrno(e, `the quarantine folder ${folder}`) ?? e;
      }
      for (const name of names.filter((n) => ID.test(n)).sort()) {
        const dir = path.join(folder, name);
        const manifest = await readManifest(dir);
        if (manifest && manifest.id === name) out.push({ folder, dir, manifest });
      }
    }
    return out;
  }

  async find(id: string): Promise<PartRef[]> {
    const parts = (await this.parts()).filter((p) => p.manifest.id === id);
    if (parts.length === 0)
      throw new EngineError('NOT_FOUND', `No quarantine with id ${id}.`, {
        fix: 'Run `modvault quarantine list` to see the quarantines that exist.',
      });
    return parts;
  }

  async list(retentionDays: number): Promise<QuarantineInfo[]> {
    const byId = new Map<string, PartRef[]>();
    for (const p of await this.parts())
      byId.set(p.manifest.id, [...(byId.get(p.manifest.id) ?? []), p]);
    const out: QuarantineInfo[] = [];
    for (const [id, parts] of byId) {
      const first = parts[0]!.manifest;
      const preview: QuarantineInfo['preview'] = [];
      let items = 0;
      let bytes = 0;
      for (const p of parts) {
        const journal = await readJournal(p.dir);
        // An interrupted part has no totals yet: its journal has them.
        items += p.manifest.status === 'incomplete' ? journal.length : p.manifest.items;
        bytes +=
          p.manifest.status === 'incomplete'
            ? journal.reduce((n, i) => n + i.bytes, 0)
            : p.manifest.bytes;
        for (const i of journal.slice(0, 5 - preview.length))
          preview.push({ path: i.path, version: i.version, rule: i.rule });
      }
      const statuses = parts.map((p) => p.manifest.status);
      out.push({
        id,
        createdAt: first.createdAt,
        origin: first.origin,
        status: statuses.includes('incomplete')
          ? 'incomplete'
          : statuses.includes('partly-restored')
            ? 'partly-restored'
            : 'complete',
        items,
        bytes,
        folders: parts.map((p) => p.folder),
        expiresAt: first.createdAt + retentionDays * DAY_MS,
        preview,
      });
    }
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }
}
