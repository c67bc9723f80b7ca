import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Settings, SettingsView } from '../../../shared/dto/settings';
import { EngineError, errnoCode, fromErrno } from '../errors';
import { writeFileAtomic } from '../platform/atomic-file';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { EventBus } from '../rpc/event-bus';
import type { StoreLocation } from '../store/store-location';
import type { ParsedSettingsFile } from './settings-file';
import { parseSettingsFile, serializeSettings, SETTINGS_FILE_VERSION } from './settings-file';
import { resolveStoreLocation } from '../store/store-location';

export interface SettingsStoreDeps {
  file: string;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** --store and MODVAULT_STORE, which beat the storePath setting. */
  storeOption?: string;
  storeEnv?: string;
  defaultStoreDir: string;
}

interface Loaded extends ParsedSettingsFile {
  /** Identity of the file read, to notice another process (the desktop app, a second `modvault ui`) changing it. */
  stamp: string;
  /** Why the file could not be read: saving over it would lose the user's settings. */
  unreadable: EngineError | null;
}

const MISSING = 'missing';

/**
 * The user's settings: a JSON file in the OS config folder, validated on every read and write,
 * written atomically, and re-read when another ModVault process changed it.
 */
export class SettingsStore {
  private loaded: Loaded | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SettingsStoreDeps) {}

  async get(): Promise<Settings> {
    return (await this.load()).settings;
  }

  async view(): Promise<SettingsView> {
    return this.toView(await this.load());
  }

  /** Applies a validated patch; the other settings keep the values on disk right now. */
  update(patch: Partial<Settings>): Promise<SettingsView> {
    const next = this.writing.then(() => this.applyPatch(patch));
    this.writing = next.catch(() => {});
    return next;
  }

  private async applyPatch(patch: Partial<Settings>): Promise<SettingsView> {
    const checked = await this.checkPaths(patch);
    this.loaded = null;
    const current = await this.load();
    if (current.unreadable) throw current.unreadable;
    const settings: Settings = { ...current.settings, ...checked };
    const { file } = this.deps;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      if (current.corrupt) {
        // Never overwrite what could not be read: the user may want to recover it.
        await rename(file, `${file}.corrupt-${this.deps.clock.now()}`);
      }
      await writeFileAtomic(
        file,
        serializeSettings({
          settings,
          unknown: current.unknown,
          version: Math.max(current.version, SETTINGS_FILE_VERSION),
        }),
      );
    } catch (e) {
      throw fromErrno(e, `The settings file ${file}`) ?? e;
    }
    this.loaded = null;
    const view = this.toView(await this.load());
    this.deps.events.emit('settings.changed', view);
    return view;
  }

  private async load(): Promise<Loaded> {
    const { file } = this.deps;
    const stamp = await stat(file).then(
      (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
      (e: unknown) => (errnoCode(e) === 'ENOENT' ? MISSING : `error:${errnoCode(e)}`),
    );
    if (this.loaded?.stamp === stamp) return this.loaded;
    let parsed: ParsedSettingsFile;
    let unreadable: EngineError | null = null;
    if (stamp === MISSING) {
      parsed = parseSettingsFile('{}', file);
    } else {
      try {
        parsed = parseSettingsFile(await readFile(file, 'utf8'), file);
      } catch (e) {
        const err = fromErrno(e, `The settings file ${file}`);
        unreadable =
          err ??
          new EngineError('INTERNAL', `The settings file ${file} cannot be read: ${String(e)}`, {
            path: file,
          });
        const message = `${unreadable.message} ${unreadable.fix ?? ''}`.trim();
        this.deps.logger.warn('settings unreadable', { file, error: message });
        parsed = { ...parseSettingsFile('{}', file), warnings: [`${message} Defaults are used.`] };
      }
    }
    for (const w of parsed.warnings) this.deps.logger.warn('settings', { warning: w });
    this.loaded = { ...parsed, stamp, unreadable };
    return this.loaded;
  }

  private toView(l: Loaded): SettingsView {
    return {
      settings: { ...l.settings, projectRoots: [...l.settings.projectRoots] },
      file: this.deps.file,
      store: this.storeLocation(l.settings.storePath),
      warnings: [...l.warnings],
    };
  }

  private storeLocation(setting: string | null): SettingsView['store'] {
    const loc = resolveStoreLocation({
      option: this.deps.storeOption,
      env: this.deps.storeEnv,
      setting,
      defaultDir: this.deps.defaultStoreDir,
      resolve: (p) => path.resolve(p),
    });
    return { path: loc.dir, source: loc.source };
  }

  /**
   * Where the backup store is, read synchronously: the store resolves its folder once, on first
   * use, from code paths that cannot wait (a job's lock key).
   */
  storeLocationSync(): StoreLocation {
    let setting: string | null;
    try {
      const text = readFileSync(this.deps.file, 'utf8');
      setting = parseSettingsFile(text, this.deps.file).settings.storePath;
    } catch {
      setting = null; // no settings file (or an unreadable one): the other sources decide
    }
    const { path: dir, source } = this.storeLocation(setting);
    return { dir, source };
  }

  /** Paths must be absolute; project roots must be folders; the store folder may be created later. */
  private async checkPaths(patch: Partial<Settings>): Promise<Partial<Settings>> {
    const out = { ...patch };
    if (patch.projectRoots) {
      const roots: string[] = [];
      for (const p of patch.projectRoots) {
        const abs = requireAbsolute(p, 'A project folder');
        if (!(await isDirectory(abs)))
          throw new EngineError(
            'PATH_INVALID',
            `The project folder ${abs} is not a folder that exists.`,
            {
              path: abs,
              fix: 'Choose an existing folder that contains your Go projects.',
            },
          );
        if (!roots.includes(abs)) roots.push(abs);
      }
      out.projectRoots = roots;
    }
    if (patch.quarantineDir)
      out.quarantineDir = requireAbsolute(patch.quarantineDir, 'The quarantine folder');
    if (patch.storePath) {
      const abs = requireAbsolute(patch.storePath, 'The store folder');
      const kind = await pathKind(abs);
      if (kind === 'file')
        throw new EngineError(
          'PATH_INVALID',
          `The store location ${abs} is a file, not a folder.`,
          {
            path: abs,
            fix: 'Choose a folder (it is created on first use if it does not exist).',
          },
        );
      if (kind === 'missing' && !(await isDirectory(path.dirname(abs))))
        throw new EngineError(
          'PATH_INVALID',
          `The folder that would hold the store, ${path.dirname(abs)}, does not exist.`,
          {
            path: abs,
            fix: 'Choose a location whose parent folder exists.',
          },
        );
      out.storePath = abs;
    }
    return out;
  }
}

function requireAbsolute(p: string, what: string): string {
  if (!path.isAbsolute(p))
    throw new EngineError('PATH_INVALID', `${what} must be an absolute path: ${p}`, {
      path: p,
      fix: `Give the full path, e.g. ${path.join(path.parse(process.cwd()).root, 'home', 'me', 'src')}.`,
    });
  // resolve() also drops a trailing separator, so "/src/" and "/src" are one folder.
  return path.resolve(p);
}

async function pathKind(p: string): Promise<'dir' | 'file' | 'missing'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return 'missing';
    throw fromErrno(e) ?? e;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  return (await pathKind(p)) === 'dir';
}
