import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/dto/settings';
import { DEFAULT_SETTINGS } from '../../shared/dto/settings';
import { EngineError } from '../../electron/engine/errors';
import { silentLogger } from '../../electron/engine/platform/logger';
import { systemClock } from '../../electron/engine/platform/clock';
import { EventBus } from '../../electron/engine/rpc/event-bus';
import { SettingsStore } from '../../electron/engine/settings/settings-store';
import { removeTree, tempDir } from '../helpers/temp';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeTree(d);
});

async function setup(opts: { storeEnv?: string; storeOption?: string } = {}) {
  const root = await tempDir('modvault-settings-');
  dirs.push(root);
  const events = new EventBus();
  const changes: SettingsView[] = [];
  events.on('settings.changed', (v) => changes.push(v));
  const file = path.join(root, 'config', 'modvault', 'settings.json');
  const store = new SettingsStore({
    file,
    events,
    clock: systemClock,
    logger: silentLogger,
    defaultStoreDir: path.join(root, 'data', 'modvault'),
    ...opts,
  });
  return { root, file, store, changes };
}

describe('SettingsStore', () => {
  it('starts from the defaults without creating a file', async () => {
    const { store, file, root } = await setup();
    const view = await store.view();
    expect(view.settings).toEqual(DEFAULT_SETTINGS);
    expect(view.file).toBe(file);
    expect(view.store).toEqual({ path: path.join(root, 'data', 'modvault'), source: 'default' });
    expect(view.warnings).toEqual([]);
    await expect(readdir(root)).resolves.toEqual([]);
  });

  it('saves a change atomically, keeps the other values, and announces it', async () => {
    const { store, file, root, changes } = await setup();
    await store.update({ theme: 'dark' });
    await store.update({ projectRoots: [root, `${root}/`], language: 'zh-CN' });
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({
      version: 1,
      theme: 'dark',
      language: 'zh-CN',
      projectRoots: [root],
    });
    expect(changes.map((c) => c.settings.theme)).toEqual(['dark', 'dark']);
    // No temp file is left beside it.
    expect(await readdir(path.dirname(file))).toEqual(['settings.json']);
  });

  it('refuses relative paths and project folders that do not exist, naming the path', async () => {
    const { store, root } = await setup();
    await expect(store.update({ projectRoots: ['src'] })).rejects.toMatchObject({
      code: 'PATH_INVALID',
      path: 'src',
    });
    const missing = path.join(root, 'nope');
    const err = await store.update({ projectRoots: [missing] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ code: 'PATH_INVALID', path: missing });
    await writeFile(path.join(root, 'a-file'), 'x');
    await expect(store.update({ storePath: path.join(root, 'a-file') })).rejects.toMatchObject({
      code: 'PATH_INVALID',
    });
    await expect(
      store.update({ storePath: path.join(root, 'no', 'parent') }),
    ).rejects.toMatchObject({
      code: 'PATH_INVALID',
    });
    // A store folder that does not exist yet is fine: it is created on first use.
    const view = await store.update({ storePath: path.join(root, 'new-store') });
    expect(view.store).toEqual({ path: path.join(root, 'new-store'), source: 'settings' });
  });

  it('--store and MODVAULT_STORE beat the setting', async () => {
    const { store, root } = await setup({ storeEnv: '/env/store' });
    await store.update({ storePath: root });
    expect((await store.view()).store).toEqual({ path: '/env/store', source: 'env' });
    const withOption = await setup({ storeEnv: '/env/store', storeOption: '/opt/store' });
    expect((await withOption.store.view()).store).toEqual({ path: '/opt/store', source: 'option' });
  });

  it('keeps every valid value of a damaged file and warns about the rest', async () => {
    const { store, file } = await setup();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      JSON.stringify({
        theme: 'dark',
        quarantineRetentionDays: -3,
        language: 'klingon',
        futureKey: { a: 1 },
      }),
    );
    const view = await store.view();
    expect(view.settings).toMatchObject({
      theme: 'dark',
      quarantineRetentionDays: 14,
      language: 'system',
    });
    expect(view.warnings).toHaveLength(2);
    expect(view.warnings.join('\n')).toMatch(/quarantineRetentionDays[\s\S]*language/);
    // Keys written by a newer version survive a save.
    await store.update({ notifyJobs: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      futureKey: { a: 1 },
      notifyJobs: false,
      theme: 'dark',
    });
  });

  it('never overwrites a file it cannot parse: it is set aside before saving', async () => {
    const { store, file } = await setup();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{"theme": "dark",');
    const view = await store.view();
    expect(view.settings).toEqual(DEFAULT_SETTINGS);
    expect(view.warnings[0]).toContain('not valid JSON');
    await store.update({ theme: 'light' });
    const names = await readdir(path.dirname(file));
    const corrupt = names.find((n) => n.startsWith('settings.json.corrupt-'))!;
    expect(await readFile(path.join(path.dirname(file), corrupt), 'utf8')).toBe(
      '{"theme": "dark",',
    );
    expect((await store.view()).warnings).toEqual([]);
  });

  it('sees a change another process made to the file', async () => {
    const { store, file } = await setup();
    await store.update({ theme: 'dark' });
    const other = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...other, language: 'zh-CN', extra: 1 }, null, 2));
    expect((await store.get()).language).toBe('zh-CN');
    // A save merges into what is on disk now, not into a stale copy.
    await store.update({ notifyProblems: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      language: 'zh-CN',
      theme: 'dark',
      extra: 1,
    });
  });

  it('serializes concurrent updates: none is lost', async () => {
    const { store } = await setup();
    await Promise.all([
      store.update({ theme: 'dark' }),
      store.update({ language: 'en' }),
      store.update({ notifyJobs: false }),
      store.update({ quarantineRetentionDays: 30 }),
    ]);
    expect(await store.get()).toMatchObject({
      theme: 'dark',
      language: 'en',
      notifyJobs: false,
      quarantineRetentionDays: 30,
    });
  });
});
