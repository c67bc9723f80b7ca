import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import type { GoFixture } from '../fixtures/go-fixture';
import { downloadFile, treeDir } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { tempDir, removeTree } from '../helpers/temp';
import type { RunningUi } from '../helpers/ui-server';
import { startUiServer } from '../helpers/ui-server';
import { canDropPrivileges } from '../helpers/unprivileged';
import { deleteCache, giveFixtureToNobody, goOffline } from './support/as-nobody';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';

const exec = promisify(execFile);

test.use({ viewport: { width: 1360, height: 900 } });
test.skip(!canDropPrivileges, 'dropping to "nobody" needs root');

const LIB_V1 = { path: 'example.com/lib', version: 'v1.0.0' };

/**
 * The user's machine: the fixture owned by "nobody" (settings naming the project folders, plus
 * `extra`), a snapshot of the intact cache taken by the CLI, then the cache deleted the way a
 * user does it — made writable, then `rm -rf` — and `modvault ui` running as "nobody".
 */
async function cacheGone(fx: GoFixture, extra: Record<string, unknown> = {}): Promise<RunningUi> {
  await giveFixtureToNobody(fx, extra);
  const snap = await runCli(['snapshot', '--json'], { env: fx.env, asNobody: true });
  expect(snap.code, snap.stderr).toBe(0);
  await deleteCache(fx);
  return startUiServer(fx.env, { asNobody: true });
}

/** Every file of a version's tree: name, owner, mode and a hash of its bytes. */
async function treeFiles(fx: GoFixture, m: { path: string; version: string }) {
  const dir = treeDir(fx.gomodcache, m.path, m.version);
  const out: string[] = [];
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, name);
    const s = await stat(file);
    const hash = s.isFile()
      ? createHash('sha256')
          .update(await readFile(file))
          .digest('hex')
      : '';
    out.push(`${name} ${s.uid} ${(s.mode & 0o777).toString(8)} ${hash}`);
  }
  return out;
}

/** From the first step to the plan, answering with the keyboard where the test says so. */
async function toScope(page: Page, ui: RunningUi): Promise<void> {
  await page.goto(`${ui.url}#/restore`);
  await expect(page.getByTestId('restore-cache-context')).toBeVisible();
  await page.getByTestId('restore-next').click();
  await expect(page.getByTestId('restore-next')).toBeEnabled();
  await page.getByTestId('restore-next').click();
}

const tile = (page: Page, id: string) => page.getByTestId(id).locator('.n');

test('the cache deleted: a quick restore from the keyboard brings it back, go builds offline', async ({
  page,
  fx,
  context,
  cspViolations,
}) => {
  const ui = await cacheGone(fx);
  try {
    // Before: the project cannot build without the network.
    expect((await goOffline(fx, fx.projects.alpha, ['build', './...'])).code).not.toBe(0);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${ui.url}#/restore`);
    await expect(page.getByTestId('restore-cache-context')).toHaveText(
      `The module cache at ${fx.gomodcache} is empty.`,
    );
    await expect(page.getByTestId('restore-situation-gone')).toBeChecked();
    await screenshot(page, 'restore-what-light');

    // Enter continues from a step's heading or its choices.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Restore from which snapshot?' })).toBeFocused();
    const snap = page.getByTestId('restore-snapshots').getByRole('radio').first();
    await expect(snap).toBeChecked();
    const row = page.getByTestId('restore-snapshots').locator('label').first();
    await expect(row).toContainText('Latest');
    await expect(row).toContainText('8 versions');
    await expect(row).toContainText(/\d+(\.\d+)? KiB/);
    await expect(row).toContainText(String(new Date().getFullYear()));
    await screenshot(page, 'restore-snapshot-light');
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { name: 'Scope and mode' })).toBeFocused();
    await expect(page.getByTestId('restore-scope-all')).toBeChecked();
    await expect(page.getByTestId('restore-mode-quick')).toBeChecked();
    await expect(page.getByTestId('restore-mode-toolchain')).toBeDisabled();
    await expect(page.getByTestId('restore-wizard')).toContainText('Go extracts each module');
    await expect(page.getByTestId('restore-wizard')).toContainText('byte for byte');
    await expect(page.getByTestId('restore-repair')).toHaveAttribute('aria-checked', 'false');
    // Escape goes back a step, Enter comes forward again.
    await page.keyboard.press('Escape');
    await expect(page.getByRole('heading', { name: 'Restore from which snapshot?' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Scope and mode' })).toBeFocused();
    await screenshot(page, 'restore-scope-light', { whole: true });
    await page.keyboard.press('Enter');

    // The plan, before anything is written.
    await expect(tile(page, 'restore-count-missing')).toHaveText('8');
    for (const s of ['incomplete', 'damaged', 'present'])
      await expect(tile(page, `restore-count-${s}`)).toHaveText('0');
    await expect(page.getByTestId('restore-plan-target')).toContainText(fx.gomodcache);
    await expect(page.getByTestId('restore-plan-space')).toContainText(/Needs .* on disk; .* free/);
    await expect(page.getByTestId('restore-plan-table').getByRole('row')).toHaveCount(9);
    // (The failed go build above left Go's empty download folders: a plan adds nothing.)
    expect(existsSync(downloadFile(fx.gomodcache, LIB_V1.path, LIB_V1.version, 'zip'))).toBe(false);
    await screenshot(page, 'restore-preview-light', { whole: true });

    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-result-title')).toHaveText('Restore complete');
    await expect(tile(page, 'restore-result-restored')).toHaveText('8');
    await expect(tile(page, 'restore-result-verified')).toHaveText('8');
    await expect(tile(page, 'restore-result-failed')).toHaveText('0');
    await expect(tile(page, 'restore-result-mismatches')).toHaveText('0');
    await expect(page.getByTestId('restore-result-verified-line')).toContainText(
      'match the go.sum of 2 projects',
    );
    const command = page.getByTestId('restore-go-command');
    await expect(command).toHaveText(
      `cd ${fx.projects.alpha} && GOPROXY=off GOFLAGS=-mod=mod go mod verify`,
    );
    await page.getByTestId('restore-copy-command').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await command.innerText(),
    );
    await screenshot(page, 'restore-result-light', { whole: true });
    // The app's view of the cache follows: nothing is wrong any more.
    // Restored and read back, but the cache as a whole is not verified yet: not "All good".
    await expect(page.getByTestId('sidebar-status')).toHaveText('Not checked yet');

    // The proof: the restored files are the user's, and the real go command builds offline.
    expect((await stat(downloadFile(fx.gomodcache, LIB_V1.path, LIB_V1.version, 'zip'))).uid).toBe(
      65534,
    );
    for (const dir of [fx.projects.alpha, fx.projects.beta]) {
      const build = await goOffline(fx, dir, ['build', './...']);
      expect(build.code, build.stderr).toBe(0);
    }
    const verify = await goOffline(fx, fx.projects.alpha, ['mod', 'verify']);
    expect(verify.stdout).toContain('all modules verified');
    expect(cspViolations).toEqual([]);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});

test('a full restore writes the trees byte for byte, read-only, in dark mode', async ({
  page,
  fx,
}) => {
  const before = await treeFiles(fx, LIB_V1);
  const ui = await cacheGone(fx, { theme: 'dark' });
  try {
    await toScope(page, ui);
    await page.getByTestId('restore-mode-full').check({ force: true });
    await expect(page.getByTestId('restore-wizard')).toContainText('Write identical files once');
    await screenshot(page, 'restore-scope-dark', { whole: true });
    await page.getByTestId('restore-next').click();
    await expect(tile(page, 'restore-count-missing')).toHaveText('8');
    await expect(page.getByTestId('restore-plan-table')).toContainText('tree');
    await screenshot(page, 'restore-preview-dark', { whole: true });
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-result-title')).toHaveText('Restore complete');
    await expect(tile(page, 'restore-result-verified')).toHaveText('8');
    await screenshot(page, 'restore-result-dark', { whole: true });

    // Owner and modes are Go's (files 0444, folders 0555), contents identical.
    const after = await treeFiles(fx, LIB_V1);
    expect(after).toEqual(before.map((l) => l.replace(/^(\S+) \d+ /, '$1 65534 ')));
    expect(after.some((l) => / 65534 444 [0-9a-f]{64}$/.test(l))).toBe(true);
    const build = await goOffline(fx, fx.projects.alpha, ['build', './...']);
    expect(build.code, build.stderr).toBe(0);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});

test('one project’s needs: the dry plan counts them, only they come back', async ({ page, fx }) => {
  const ui = await cacheGone(fx);
  try {
    await page.goto(`${ui.url}#/restore`);
    await page.getByTestId('restore-situation-project').check({ force: true });
    await page.getByTestId('restore-next').click();
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-scope-projects')).toBeChecked();
    await expect(page.getByTestId('restore-scope-problem')).toHaveText(
      'Enter at least one project folder.',
    );
    await expect(page.getByTestId('restore-next')).toBeDisabled();
    // The projects found under the project folders are one click away.
    await page.getByTestId('restore-found-project').filter({ hasText: 'beta' }).click();
    await expect(page.getByTestId('restore-projects')).toHaveValue(fx.projects.beta);
    await expect(page.getByTestId('restore-mode-toolchain')).toBeEnabled();
    await page.getByTestId('restore-next').click();

    // beta needs lib v1.0.0 and nogomod v1.0.0: a plan writes nothing.
    await expect(tile(page, 'restore-count-missing')).toHaveText('2');
    await expect(page.getByTestId('restore-plan-table')).toContainText('example.com/nogomod');
    await expect(page.getByTestId('restore-plan-table')).not.toContainText('example.com/pseudo');
    expect(existsSync(fx.gomodcache)).toBe(false);

    await page.getByTestId('restore-start').click();
    await expect(tile(page, 'restore-result-restored')).toHaveText('2');
    await expect(page.getByTestId('restore-go-command')).toHaveText(
      `cd ${fx.projects.beta} && GOPROXY=off GOFLAGS=-mod=mod go mod verify`,
    );
    const beta = await goOffline(fx, fx.projects.beta, ['build', './...']);
    expect(beta.code, beta.stderr).toBe(0);
    // alpha's modules were not in scope.
    expect((await goOffline(fx, fx.projects.alpha, ['build', './...'])).code).not.toBe(0);

    // Restore something else: alpha, through the go command, with its output streamed.
    await page.getByTestId('restore-back').click();
    await page.getByTestId('restore-situation-project').check({ force: true });
    await page.getByTestId('restore-next').click();
    await page.getByTestId('restore-next').click();
    await page.getByTestId('restore-projects').fill(fx.projects.alpha);
    await page.getByTestId('restore-mode-toolchain').check({ force: true });
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-wizard')).toContainText('go mod download will run in');
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-result-toolchain')).toContainText(
      'go mod download fetched',
    );
    const output = page.getByTestId('restore-go-output');
    await expect(output).toContainText(`$ cd ${fx.projects.alpha} && GOPROXY=http://127.0.0.1:`);
    await expect(output).toContainText('example.com/pseudo');
    await screenshot(page, 'restore-toolchain-light', { whole: true });
    const alpha = await goOffline(fx, fx.projects.alpha, ['build', './...']);
    expect(alpha.code, alpha.stderr).toBe(0);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});

test('bad input: named modules, a folder it cannot write, a read-only or full volume', async ({
  page,
  fx,
}) => {
  const ui = await cacheGone(fx);
  const mount = await tempDir('modvault-e2e-tmpfs-');
  let mounted = false;
  try {
    await toScope(page, ui);
    await page.getByTestId('restore-scope-modules').check({ force: true });
    const modules = page.getByTestId('restore-modules');
    await modules.fill('example.com/lib@v1.1.0\nexample.com/nothere\nnot a module@');
    await expect(page.getByTestId('restore-scope-problem')).toHaveText(
      'Not a module path or path@version: not a module@',
    );
    await expect(page.getByTestId('restore-next')).toBeDisabled();
    await modules.fill('example.com/lib@v1.1.0\nexample.com/nothere');
    await page.getByTestId('restore-next').click();
    await expect(tile(page, 'restore-count-missing')).toHaveText('1');
    await expect(page.getByTestId('restore-plan-not-in-snapshot')).toHaveText(
      'Not in this snapshot, so not restored: example.com/nothere.',
    );

    // A folder "nobody" may not write: refused at the plan, nothing can start.
    await page.keyboard.press('Escape');
    await page.getByTestId('restore-target-other').check();
    await page.getByTestId('restore-target-path').fill('/root/modvault-e2e/mod');
    await page.getByTestId('restore-target-path').press('Enter');
    const error = page.getByTestId('restore-wizard').getByRole('alert');
    await expect(error).toContainText('Permission denied');
    await expect(error).toContainText('/root');
    await expect(page.getByTestId('restore-start')).toBeDisabled();
    await screenshot(page, 'restore-error-light');

    // A tiny volume: not enough space, refused before anything is written; then read-only.
    const mountOk = await exec('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mount]).then(
      () => true,
      () => false,
    );
    test.skip(!mountOk, 'mounting a tmpfs is not allowed here');
    mounted = true;
    await exec('chown', ['nobody:nogroup', mount]);
    const target = path.join(mount, 'mod');
    await page.keyboard.press('Escape');
    await page.getByTestId('restore-scope-all').check({ force: true });
    // (Enter, not a click: the failed plan's notification may cover the Next button.)
    await page.getByTestId('restore-target-path').fill(target);
    await page.getByTestId('restore-target-path').press('Enter');
    await expect(tile(page, 'restore-count-missing')).toHaveText('8');
    const space = page.getByTestId('restore-plan-space');
    await expect(space).toContainText('Not enough space on that volume');
    await expect(page.getByTestId('restore-start')).toBeDisabled();
    expect(await readdir(mount)).toEqual([]);
    await screenshot(page, 'restore-no-space-light', { whole: true });

    await exec('mount', ['-o', 'remount,ro,size=64m', mount]);
    await page.keyboard.press('Escape');
    await page.getByTestId('restore-target-path').press('Enter');
    await expect(error).toContainText('Read-only location');
    await expect(error).toContainText(`${mount} is on a read-only file system`);
    await expect(page.getByTestId('restore-start')).toBeDisabled();
  } finally {
    if (mounted) await exec('umount', [mount]);
    await removeTree(mount);
    expect(await ui.stop()).toBe(0);
  }
});

test('the Restore page in 简体中文, from the first question to the result', async ({
  page,
  fx,
}) => {
  const ui = await cacheGone(fx, { language: 'zh-CN' });
  try {
    await page.goto(`${ui.url}#/restore`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('恢复');
    await expect(page.getByTestId('restore-cache-context')).toContainText('目前不存在');
    await screenshot(page, 'restore-what-zh-CN');
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-snapshots')).toContainText('最新');
    await expect(page.getByTestId('restore-snapshots')).toContainText('8 个版本');
    await noEnglish(page);
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-wizard')).toContainText('恢复哪些内容');
    await noEnglish(page);
    await screenshot(page, 'restore-scope-zh-CN', { whole: true });
    await page.getByTestId('restore-next').click();
    await expect(tile(page, 'restore-count-missing')).toHaveText('8');
    await expect(page.getByTestId('restore-plan-space')).toContainText('需要');
    await noEnglish(page);
    await screenshot(page, 'restore-preview-zh-CN', { whole: true });
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-result-title')).toHaveText('恢复完成');
    await expect(page.getByTestId('restore-result-counts')).toContainText('已校验');
    await noEnglish(page);
    await screenshot(page, 'restore-result-zh-CN', { whole: true });
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});

/** No English UI text in the wizard: only paths, module paths, versions and go commands. */
async function noEnglish(page: Page): Promise<void> {
  const text = await page.getByTestId('restore-wizard').innerText();
  const words = text
    .replaceAll(hostname(), '')
    .replace(/\S*[/@]\S*/g, '') // paths, module paths and versions
    .replace(/\b[0-9a-f]{8,}\b/g, '') // snapshot ids
    .replace(/\bv\d\S*/g, '') // versions
    .replace(/\b[A-Z]+=\S+/g, '') // the go command's environment
    .replace(/ModVault|go\.sum|go\.mod/g, '') // the product and Go's file names
    .replace(/\b(go|mod|verify|download|zip|ziphash|info|tree|cd|B|KiB|MiB|GiB|ms|s)\b/g, '')
    .match(/[A-Za-z]{3,}/g);
  expect(words ?? []).toEqual([]);
}
