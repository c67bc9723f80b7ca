import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CleanSettings } from '../../../shared/dto/clean';
import { DEFAULT_CLEAN_SETTINGS } from '../../../shared/dto/clean';
import { EngineError, errnoCode, fromErrno } from '../errors';

const schema = z.object({
  projectRoots: z.array(z.string().min(1)).max(64),
  quarantineDays: z.number().min(0).max(36_500),
  quarantineDir: z.string().min(1).nullable(),
  backupFirst: z.boolean(),
  preferToolchain: z.boolean(),
});

/** Cleanup settings in `<app data>/clean-settings.json`; missing keys take their defaults. */
export class CleanSettingsStore {
  readonly file: string;

  constructor(appDataDir: string) {
    this.file = path.join(appDataDir, 'clean-settings.json');
  }

  async get(): Promise<CleanSettings> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return { ...DEFAULT_CLEAN_SETTINGS };
      throw fromErrno(e, `the settings file ${this.file}`) ?? e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const result = schema.partial().safeParse(parsed);
    if (!result.success)
      throw new EngineError('CORRUPT', `The settings file ${this.file} is not valid.`, {
        path: this.file,
        fix: 'Fix it or delete it (the defaults apply), then set your options again with `modvault clean settings`.',
      });
    return { ...DEFAULT_CLEAN_SETTINGS, ...result.data };
  }

  async set(change: Partial<CleanSettings>): Promise<CleanSettings> {
    const next = schema.parse({ ...(await this.get()), ...stripUndefined(change) });
    next.projectRoots = next.projectRoots.map((p) => path.resolve(p));
    if (next.quarantineDir) next.quarantineDir = path.resolve(next.quarantineDir);
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(next, null, 2) + '\n');
      await rename(tmp, this.file);
    } catch (e) {
      throw fromErrno(e, `the settings file ${this.file}`) ?? e;
    }
    return next;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
