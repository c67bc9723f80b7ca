import { existsSync } from 'node:fs';
import { runCli } from '../helpers/cli';
import { freshPrefix, remoteEnv } from '../helpers/remote';
import { deleteCacheAsUser } from '../helpers/restore';
import { haveS3Server, S3Server } from '../helpers/s3-server';
import { startUiServer } from '../helpers/ui-server';
import { downloadFile } from '../helpers/cache-damage';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1360, height: 900 } });
test.skip(!haveS3Server, 'no S3 server (see test/helpers/s3-server.ts)');

test('add a remote in Settings, push from Snapshots, then restore the lost cache from the remote', async ({
  page,
  fx,
  cspViolations,
}) => {
  test.setTimeout(240_000);
  const server = await S3Server.start();
  await server.createBucket('team');
  const env = remoteEnv(fx);
  const ui = await startUiServer(env);
  try {
    await page.goto(`${ui.url}#/settings`);
    await page.getByTestId('remote-add-open').click();
    const form = page.getByTestId('remote-add-form');
    await form.getByLabel('Name', { exact: true }).fill('team');
    await form.getByLabel('Bucket and prefix', { exact: true }).fill(freshPrefix());
    await form.getByLabel('Endpoint', { exact: true }).fill(server.endpoint);
    await page.getByTestId('remote-add-save').click();
    const row = page.getByTestId('remote-team');
    await expect(row).toContainText('Keys from the environment');
    await row.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByTestId('remote-check-team')).toHaveText(
      'Reachable · nothing pushed yet',
    );
    await screenshot(page, 'settings-remotes-light', { whole: true });

    const snap = await runCli(['snapshot', '--json'], { env });
    expect(snap.code, snap.stderr).toBe(0);
    const id = (JSON.parse(snap.stdout) as { id: string }).id;
    await page.goto(`${ui.url}#/snapshots`);
    await page.getByTestId('card-push').getByTestId('push-now').click();
    await expect(page.getByTestId('push-result')).toHaveText(/Pushed 1 snapshot, .* sent\./);
    await expect(page.getByTestId('snapshots-table')).toContainText('Pushed · team');

    await deleteCacheAsUser(fx, false);
    await page.goto(`${ui.url}#/restore`);
    await page.getByTestId('restore-next').click();
    await page.getByTestId('restore-source').selectOption('team');
    await expect(page.getByTestId(`restore-snapshot-${id}`)).toBeVisible();
    await expect(page.getByTestId('restore-wizard')).toContainText(
      'only the data the chosen versions need',
    );
    await page.getByTestId('restore-next').click();
    await expect(page.getByTestId('restore-mode-toolchain')).toBeDisabled();
    await page.getByTestId('restore-next').click();
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-result-title')).toHaveText('Restore complete', {
      timeout: 120_000,
    });
    expect(existsSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.1.0', 'zip'))).toBe(true);
    expect(cspViolations).toEqual([]);
  } finally {
    await ui.stop();
    await server.dispose();
  }
});
