import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { goCommand } from '../fixtures/go-fixture';
import { downloadFile, treeDir } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { removeTree, tempDir } from '../helpers/temp';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1360, height: 900 } });

const RC = { path: 'example.com/lib', version: 'v1.2.0-RC.1' };

test('back up from the dashboard, back up a change, compare, export, keep and delete snapshots', async ({
  page,
  ui,
  fx,
  cspViolations,
}) => {
  // lib v1.2.0-RC.1 is downloaded only after the first backup.
  await removeTree(treeDir(fx.gomodcache, RC.path, RC.version));
  for (const ext of ['zip', 'ziphash', 'mod', 'info'])
    await rm(downloadFile(fx.gomodcache, RC.path, RC.version, ext));

  await page.goto(ui.url);
  const card = page.getByTestId('card-backups');
  await expect(card.getByTestId('last-backup')).toHaveText('No backup yet');
  await card.getByTestId('backup-now').click();
  await expect(card.getByTestId('backup-result')).toContainText('Backed up 7 versions · 7 new');
  await expect(card.getByTestId('last-backup')).toHaveText(/now|second/);
  await expect(card.getByTestId('backups-count')).toHaveText('1');
  await expect(card.getByTestId('backups-store-size')).toHaveText(/KiB/);
  await screenshot(page, 'dashboard-backups-light', { whole: true });

  // The change: Go downloads the release candidate.
  await goCommand(['mod', 'download', `${RC.path}@${RC.version}`], {
    cwd: path.join(fx.root, 'download-only'),
    env: fx.env,
  });

  await page.getByTestId('nav-snapshots').click();
  await page.getByTestId('card-backup-now').getByTestId('backup-now').click();
  await expect(page.getByTestId('card-backup-now').getByTestId('backup-result')).toContainText(
    'Backed up 8 versions · 1 new',
  );
  const table = page.getByTestId('snapshots-table');
  await expect(table.getByRole('row')).toHaveCount(3);
  const newest = table.getByRole('row').nth(1);
  await expect(newest.getByRole('gridcell').nth(1)).toHaveText('8');
  await expect(newest.getByRole('gridcell').nth(2)).toHaveText('1');
  const details = page.getByTestId('snapshot-details');
  await expect(details).toContainText('Latest');

  // The difference with the previous snapshot is the new version.
  await details.getByTestId('compare-previous').click();
  const diff = page.getByTestId('diff-result');
  await expect(diff.getByTestId('diff-added')).toHaveText('+1');
  await expect(diff.getByTestId('diff-removed')).toHaveText('−0');
  await expect(diff.getByTestId('diff-table')).toContainText(RC.path);
  await expect(diff.getByTestId('diff-table')).toContainText(RC.version);
  await screenshot(page, 'snapshots-diff-light', { whole: true });

  // Against the cache as it is now: nothing differs; after deleting a version, it is "removed".
  await details.getByTestId('compare-current').click();
  await expect(diff).toContainText('Same module versions, same contents.');

  // The versions it holds, searchable.
  await details.getByTestId('show-versions').click();
  await page.getByRole('searchbox', { name: 'Filter versions…' }).fill('rc');
  await expect(page.getByTestId('snapshot-versions').getByRole('row')).toHaveCount(2);

  // Export as a folder: the go command downloads from it as a GOPROXY, offline.
  const out = await tempDir('modvault-e2e-export-');
  const proxy = path.join(out, 'proxy');
  await details.getByTestId('export').click();
  const exportDialog = page.getByRole('dialog', { name: /Export snapshot/ });
  await exportDialog.getByRole('radio', { name: 'Folder' }).click();
  await exportDialog.getByTestId('export-out').fill(proxy);
  await exportDialog.getByTestId('export-run').click();
  await expect(exportDialog.getByTestId('export-result')).toContainText('8 versions');
  await expect(exportDialog).toContainText(`GOPROXY=file://${proxy}`);
  const fresh = path.join(out, 'modcache');
  await goCommand(['mod', 'download', `${RC.path}@${RC.version}`], {
    cwd: path.join(fx.root, 'download-only'),
    env: { ...fx.env, GOMODCACHE: fresh, GOPROXY: `file://${proxy}`, GOFLAGS: '-mod=mod' },
  });
  expect(existsSync(downloadFile(fresh, RC.path, RC.version, 'zip'))).toBe(true);
  await exportDialog.getByRole('button', { name: 'Close' }).last().click();
  await removeTree(out);

  // Retention: keep only the latest → the older snapshot would go, and the table says why.
  const retention = page.getByTestId('card-retention');
  for (const rule of ['daily', 'weekly', 'monthly'])
    await retention.getByTestId(`keep-${rule}`).fill('');
  await retention.getByTestId('keep-last').fill('1');
  await expect(retention.getByTestId('retention-outcome')).toHaveText(
    'Keeps 1 snapshot, removes 1.',
  );
  await expect(table.getByRole('row').nth(2)).toContainText('Would be removed');
  await expect(newest).toContainText('recent');

  // The store check, structure and all data.
  const storeCard = page.getByTestId('card-store');
  await storeCard.getByRole('radio', { name: 'Read all data' }).click();
  await storeCard.getByTestId('check-run').click();
  await expect(storeCard.getByTestId('check-result')).toContainText('The store is sound');
  await expect(storeCard.getByTestId('check-result')).toContainText('2 snapshots');

  // Deleting the latest backup takes an explicit extra tick.
  await details.getByTestId('delete').click();
  const del = page.getByTestId('delete-dialog');
  await expect(del).toContainText('This is your latest backup');
  await expect(page.getByTestId('delete-confirm')).toBeDisabled();
  await del.getByTestId('delete-force').check();
  await page.getByTestId('delete-confirm').click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(page.getByTestId('snapshot-details')).toContainText('Latest');
  expect(cspViolations).toEqual([]);
});

test('an empty store offers the first backup, and says where it will be', async ({
  page,
  ui,
  fx,
}) => {
  await page.goto(`${ui.url}#/snapshots`);
  await expect(page.getByText('No backups yet')).toBeVisible();
  await expect(page.getByTestId('store-path')).toHaveText(path.join(fx.root, 'store'));
  await expect(page.getByTestId('card-store')).toContainText('created by the first backup');
  await screenshot(page, 'snapshots-empty-light');
  await page.getByTestId('backup-gocache').check();
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('snapshots-table').getByRole('row')).toHaveCount(2);
  await expect(page.getByTestId('snapshots-table')).toContainText('+ build cache');
  await expect(page.getByTestId('snapshot-details')).toContainText(fx.gocache);
});

test('a store whose index was deleted says so and repairs itself with one click', async ({
  page,
  ui,
  fx,
}) => {
  const snap = await runCli(['snapshot', '--json'], { env: fx.env });
  expect(snap.code, snap.stderr).toBe(0);
  const id = (JSON.parse(snap.stdout) as { id: string }).id;
  await rm(path.join(fx.root, 'store', 'index.sqlite'));
  await page.goto(`${ui.url}#/snapshots`);
  const card = page.getByTestId('card-store');
  const damage = card.getByTestId('store-damage');
  await expect(damage).toContainText('The store is damaged');
  await expect(damage).toContainText('index.sqlite does not exist');
  await screenshot(page, 'snapshots-store-damaged', { whole: true });
  await damage.getByTestId('repair-run').click();
  const report = card.getByTestId('repair-result');
  await expect(report).toContainText('Every snapshot is complete');
  await expect(report).toContainText(`Recovered snapshots: ${id}`);
  await expect(page.getByTestId('snapshots-table')).toContainText(id);
  await expect(card.getByTestId('store-damage')).toHaveCount(0);
  await screenshot(page, 'snapshots-store-repaired', { whole: true });
});
