import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { JobInfo } from '../../shared/dto/jobs';
import { runCli } from '../helpers/cli';
import { startDaemon } from '../helpers/daemon';
import { DesktopApp, eventually } from '../helpers/electron-double/harness';
import { fakeGo } from '../helpers/fake-go';
import { freshPrefix } from '../helpers/remote';
import { ADMIN, haveS3Server, S3Server } from '../helpers/s3-server';
import { removeTree } from '../helpers/temp';
import { expect, test } from './support/test';

// The desktop shell without the Electron binary: the real electron/main code, run under Node
// against the Electron TEST DOUBLE (test/helpers/electron-double, checked against Electron's
// own electron.d.ts), with the real renderer in Chromium, the real preload bridged to ipcMain,
// and the engine in a real child process.

declare global {
  interface Window {
    modvault?: { invoke(cmd: string, req: unknown): Promise<unknown>; on: unknown };
  }
}

const invoke = <T>(page: Page, cmd: string, req: unknown = {}) =>
  page.evaluate(
    ([c, r]) => window.modvault!.invoke(c, r) as Promise<{ ok: boolean; value: unknown }>,
    [cmd, req] as const,
  ) as Promise<{ ok: boolean; value: T; error?: { code: string; message: string } }>;

async function jobs(page: Page): Promise<JobInfo[]> {
  return (await invoke<JobInfo[]>(page, 'jobs.list')).value ?? [];
}

/**
 * A go command whose `go mod download` waits while `hold` exists: a job that stays running for
 * as long as the test needs (restore through the toolchain), then finishes for real.
 */
function holdingGo(fxRoot: string): { env: Record<string, string>; hold: string; release(): void } {
  const hold = path.join(fxRoot, 'hold');
  writeFileSync(hold, '');
  const go = fakeGo(
    fxRoot,
    'go-holding',
    `if [ "$1" = mod ] && [ "$2" = download ]; then while [ -e '${hold}' ]; do sleep 0.1; done; fi\nexec '${process.env.MODVAULT_REAL_GO ?? '/usr/local/go/bin/go'}' "$@"`,
  );
  return { env: { MODVAULT_GO: go }, hold, release: () => rmSync(hold, { force: true }) };
}

type Fx = { env: Record<string, string>; projects: { alpha: string }; root: string };

/** A snapshot, then the app with a go that holds `go mod download`: a job that keeps running. */
async function launchWithHeldGo(fx: Fx) {
  expect((await runCli(['snapshot', '--json'], { env: fx.env })).code).toBe(0);
  const go = holdingGo(fx.root);
  const app = await DesktopApp.launch({ env: { ...fx.env, ...go.env } });
  return { go, app };
}

async function startHeldJob(page: Page, fx: Fx) {
  const started = await invoke<{ jobId: string }>(page, 'restore.toolchain', {
    snapshot: 'latest',
    project: fx.projects.alpha,
    target: path.join(fx.root, 'toolchain-target'),
  });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const id = started.value.jobId;
  await eventually(
    async () => (await jobs(page)).find((j) => j.id === id)?.status === 'running',
    30_000,
    'the held job running',
  );
  return id;
}

test('starts to a usable dashboard: engine in its own process, window sandboxed to the bridge', async ({
  fx,
}) => {
  const app = await DesktopApp.launch({ env: fx.env });
  try {
    const page = await app.page();
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('8', { timeout: 60_000 });
    const [win] = await app.windows();
    expect(win).toMatchObject({ visible: true, focused: true });
    expect(win!.url).toMatch(/^app:\/\/modvault\/index\.html/);
    const surface = await page.evaluate(() => ({
      bridge: Object.keys(window.modvault ?? {}).sort(),
      node: typeof (globalThis as { process?: unknown }).process,
      require: typeof (globalThis as { require?: unknown }).require,
    }));
    expect(surface).toEqual({ bridge: ['invoke', 'on'], node: 'undefined', require: 'undefined' });
    // The engine is not in the shell's process: a utility process of its own.
    const [engine] = await app.utilityPids();
    expect(engine).toBeGreaterThan(0);
    expect(engine).not.toBe(app.pid);
    const tray = await eventually(() => app.tray(), 30_000, 'a tray icon');
    expect(tray.tooltip).toMatch(/^ModVault\n/);
    expect(tray.menu.map((i) => i.label)).toContain('Back up now');
  } finally {
    await app.close();
  }
});

test('IPC is answered for the app window only; other senders are refused', async ({ fx }) => {
  const app = await DesktopApp.launch({ env: fx.env });
  try {
    await app.page();
    expect(await app.ipc('window', 'settings.get')).toMatchObject({ ok: true });
    for (const sender of ['other-webcontents', 'subframe'] as const)
      expect(await app.ipc(sender, 'settings.get'), sender).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
    expect(await app.ipc('window', 'fs.rm')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' },
    });
    expect(
      await app.ipc('window', 'settings.update', { quarantineRetentionDays: 'soon' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Links open in the browser only for known sites.
    expect(await app.externalUrls()).toEqual([]);
  } finally {
    await app.close();
  }
});

test('tray "Back up now" takes a snapshot, and the tooltip shows the finished backup', async ({
  fx,
}) => {
  const app = await DesktopApp.launch({ env: fx.env });
  try {
    await app.page();
    const before = await eventually(() => app.tray(), 30_000, 'a tray icon');
    expect(before.tooltip).toContain('no backup yet');
    await app.clickTray('Back up now');
    const after = await eventually(
      async () => {
        const t = await app.tray();
        return t && /last good backup/.test(t.tooltip) ? t : null;
      },
      60_000,
      'the backup in the tooltip',
    );
    expect(after.tooltip).toMatch(/last good backup (now|\d+ seconds? ago)/);
    const snaps = await runCli(['snapshots', '--json'], { env: fx.env });
    expect(snaps.json<unknown[]>()).toHaveLength(1);
  } finally {
    await app.close();
  }
});

test("the cache-lost notification's Restore runs a quick restore", async ({ fx }) => {
  expect((await runCli(['snapshot', '--json'], { env: fx.env })).code).toBe(0);
  const app = await DesktopApp.launch({ env: fx.env });
  try {
    const page = await app.page();
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('8', { timeout: 60_000 });
    // In the tray, not looking at the window: the OS notification is how the user hears of it.
    await app.closeWindow();
    expect((await app.windows())[0]).toMatchObject({ visible: false, destroyed: false });
    await removeTree(fx.gomodcache);
    const note = await eventually(
      async () => (await app.notifications()).find((n) => n.actions.includes('Restore')),
      30_000,
      'the cache-lost notification',
    );
    expect(note.body).toMatch(/Restore them from the backup/);
    await app.notificationEvent(note.index, 'action');
    // The restore runs, and the window opens to follow it.
    await eventually(
      async () =>
        (await jobs(page)).find((j) => j.command === 'restore.run')?.status === 'succeeded',
      60_000,
      'the quick restore',
    );
    expect((await app.windows())[0]).toMatchObject({ visible: true, focused: true });
    const zips = await readdir(path.join(fx.gomodcache, 'cache', 'download', 'example.com'), {
      recursive: true,
    });
    expect(zips.filter((f) => f.endsWith('.zip')).length).toBeGreaterThan(0);
  } finally {
    await app.close();
  }
});

test('quitting while a job runs asks; "Keep running" keeps it, "Cancel it and quit" ends it cleanly', async ({
  fx,
}) => {
  const { go, app } = await launchWithHeldGo(fx);
  try {
    const page = await app.page();
    const id = await startHeldJob(page, fx);
    await app.clickTray('Quit ModVault');
    const [asked] = await eventually(async () => {
      const d = await app.dialogs();
      return d.length ? d : null;
    });
    expect(asked).toMatchObject({
      buttons: ['Quit when it finishes', 'Cancel it and quit', 'Keep running'],
    });
    await app.answerDialog(2);
    await new Promise((r) => setTimeout(r, 500));
    expect((await jobs(page)).find((j) => j.id === id)?.status).toBe('running');
    const [engine] = await app.utilityPids();

    await app.clickTray('Quit ModVault');
    await eventually(async () => (await app.dialogs()).length > 0);
    await app.answerDialog(1);
    expect(await app.exited).toBe(0);
    // The engine settled its job and stopped: its process is gone and it left no lock behind.
    expect(existsSync(`/proc/${engine}`)).toBe(false);
    expect(existsSync(path.join(fx.env.HOME!, '.config', 'modvault', 'run', 'engine.json'))).toBe(
      false,
    );
    const store = await runCli(['check', '--json'], { env: fx.env });
    expect(store.code).toBe(0);
  } finally {
    go.release();
    await app.close();
  }
});

test('the engine killed with SIGKILL: the window says so, the app recovers, the job shows failed', async ({
  fx,
}) => {
  const { go, app } = await launchWithHeldGo(fx);
  try {
    const page = await app.page();
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('8', { timeout: 60_000 });
    const id = await startHeldJob(page, fx);
    const [engine] = await app.utilityPids();
    process.kill(engine!, 'SIGKILL');
    await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 15_000 });
    // A new engine, then the window as it was.
    await expect(page.getByTestId('connection-banner')).toBeHidden({ timeout: 60_000 });
    const pids = await app.utilityPids();
    expect(pids).toHaveLength(2);
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('8', { timeout: 60_000 });
    const job = (await jobs(page)).find((j) => j.id === id);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    expect(job!.error!.message).toMatch(/engine process ended/);
    // The new engine writes: a backup from the tray works (no lock left by the dead one).
    await app.clickTray('Back up now');
    await eventually(
      async () =>
        (await jobs(page)).find((j) => j.command === 'store.snapshot')?.status === 'succeeded',
      60_000,
      'a backup by the new engine',
    );
  } finally {
    go.release();
    await app.close();
  }
});

test('a second launch focuses the first window and exits', async ({ fx }) => {
  const first = await DesktopApp.launch({ env: fx.env });
  try {
    await first.page();
    await first.closeWindow();
    expect((await first.windows())[0]).toMatchObject({ visible: false });
    const shows = (await first.windows())[0]!.shows;
    const second = await DesktopApp.launch({ env: fx.env });
    expect(await second.exited).toBe(0);
    const [win] = await eventually(async () => {
      const w = await first.windows();
      return w[0]!.shows > shows ? w : null;
    });
    expect(win).toMatchObject({ visible: true, focused: true });
    expect(await second.utilityPids().catch(() => [])).toEqual([]);
  } finally {
    await first.close();
  }
});

test('attaches to a running `modvault daemon` instead of starting a second engine', async ({
  fx,
}) => {
  const daemon = startDaemon(fx.env);
  try {
    await daemon.waitFor((l) => l.msg === 'daemon started', 30_000);
    const app = await DesktopApp.launch({ env: fx.env });
    try {
      const page = await app.page();
      await expect(page.getByTestId('gomodcache-versions')).toHaveText('8', { timeout: 60_000 });
      expect(await app.utilityPids()).toEqual([]);
      await daemon.waitFor((l) => l.msg === 'front end attached' && l.client === 'desktop', 10_000);
      // The daemon's engine has the attached app seal secrets saved from Settings.
      const added = await invoke(page, 'remote.add', {
        name: 'team',
        url: 's3://team/x',
        endpoint: 'http://127.0.0.1:9',
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'kept-by-the-app',
      });
      expect(added.ok, JSON.stringify(added.error)).toBe(true);
      expect((await app.keychainCalls()).map((c) => c.op)).toEqual(['encryptString']);
      expect(await readFile(secretsFile(fx), 'utf8')).not.toContain('kept-by-the-app');
      // Quitting the app leaves the daemon (and its schedules) running, without asking.
      await app.quit();
      expect(await app.exited).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(daemon.lines.some((l) => l.msg === 'daemon stopping')).toBe(false);
    } finally {
      await app.close();
    }
  } finally {
    expect(await daemon.stop()).toBe(0);
  }
});

/** A job started through the window's bridge, to its end. */
async function runJob(page: Page, cmd: string, req: unknown): Promise<JobInfo> {
  const started = await invoke<{ jobId: string }>(page, cmd, req);
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  return eventually(
    async () => {
      const j = (await jobs(page)).find((x) => x.id === started.value.jobId);
      return j && j.status !== 'running' && j.status !== 'queued' ? j : null;
    },
    120_000,
    `${cmd} to finish`,
  );
}

const secretsFile = (fx: Fx) => path.join(fx.env.HOME!, '.config', 'modvault', 'secrets.json');

test('keys and passphrase saved in Settings are sealed by safeStorage in the shell; the engine has the shell open them for push and restore', async ({
  fx,
}) => {
  test.skip(!haveS3Server, 'no S3 server (see test/helpers/s3-server.ts)');
  test.setTimeout(240_000);
  const server = await S3Server.start();
  try {
    await server.createBucket('team');
    // No AWS keys and no passphrase in the environment: only what Settings keeps can work.
    const env = { ...fx.env, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
    const snap = await runCli(['snapshot', '--json'], { env });
    expect(snap.code, snap.stderr).toBe(0);
    const snapshotId = snap.json<{ id: string }>().id;
    const passphrase = 'settings passphrase – 口令';

    const app = await DesktopApp.launch({ env });
    try {
      const page = await app.page();
      await page.evaluate(() => (location.hash = '#/settings'));
      await page.getByTestId('remote-add-open').click();
      const form = page.getByTestId('remote-add-form');
      await form.getByLabel('Name', { exact: true }).fill('team');
      await form.getByLabel('Bucket and prefix', { exact: true }).fill(freshPrefix());
      await form.getByLabel('Endpoint', { exact: true }).fill(server.endpoint);
      await form.getByLabel('Encrypt everything pushed with a passphrase').check();
      await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
      await form.getByLabel('Access key ID', { exact: true }).fill(ADMIN.accessKeyId);
      await form.getByLabel('Secret access key', { exact: true }).fill(ADMIN.secretAccessKey);
      await page.getByTestId('remote-add-save').click();
      const row = page.getByTestId('remote-team');
      await expect(row).toContainText('Keys saved');
      await expect(row).toContainText('Encrypted');

      // Sealed in the shell by safeStorage; the file holds exactly what encryptString returned.
      const sealedBy = (await app.keychainCalls()).filter((c) => c.op === 'encryptString');
      expect(sealedBy).toHaveLength(2);
      const text = await readFile(secretsFile(fx), 'utf8');
      for (const plain of [ADMIN.secretAccessKey, ADMIN.accessKeyId, 'settings passphrase'])
        expect(text).not.toContain(plain);
      const stored = JSON.parse(text) as Record<string, string>;
      expect(Object.keys(stored).sort()).toEqual([
        'remote/team/credentials',
        'remote/team/passphrase',
      ]);
      expect(Object.values(stored).sort()).toEqual(sealedBy.map((c) => c.sealed).sort());

      // The engine, in its own process, uses them: a push, then a restore from the remote.
      const pushed = await runJob(page, 'remote.push', { remote: 'team' });
      expect(pushed.status, JSON.stringify(pushed.error)).toBe('succeeded');
      const opened = (await app.keychainCalls()).filter((c) => c.op === 'decryptString');
      expect(new Set(opened.map((c) => c.sealed))).toEqual(new Set(Object.values(stored)));
      await removeTree(fx.gomodcache);
      const restored = await runJob(page, 'remote.restore', {
        remote: 'team',
        snapshot: snapshotId,
      });
      expect(restored.status, JSON.stringify(restored.error)).toBe('succeeded');
      const zips = await readdir(path.join(fx.gomodcache, 'cache', 'download', 'example.com'), {
        recursive: true,
      });
      expect(zips.filter((f) => f.endsWith('.zip')).length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }

    // Without the desktop app nothing can open them: the CLI says so, and uses the environment.
    const locked = await runCli(['snapshots', '--from', 'team'], { env });
    expect(locked.code).not.toBe(0);
    expect(locked.stderr).toMatch(/kept with the desktop app's OS keychain/);
    const fromEnv = await runCli(['snapshots', '--from', 'team', '--json'], {
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
        MODVAULT_PASSPHRASE: passphrase,
      },
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
  } finally {
    await server.dispose();
  }
});

test('where safeStorage would use a hard-coded key (Linux basic_text), Settings refuses to keep keys', async ({
  fx,
}) => {
  const app = await DesktopApp.launch({ env: fx.env, keychain: 'basic_text' });
  try {
    const page = await app.page();
    const added = await invoke(page, 'remote.add', {
      name: 'team',
      url: 's3://team/x',
      endpoint: 'http://127.0.0.1:9',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'never-written',
    });
    expect(added).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED', message: 'The OS keychain is not available to ModVault here.' },
    });
    expect(existsSync(secretsFile(fx))).toBe(false);
    expect((await invoke<unknown[]>(page, 'remote.list')).value).toEqual([]);
    expect(await app.keychainCalls()).toEqual([]);
  } finally {
    await app.close();
  }
});
