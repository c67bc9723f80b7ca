import { expect, test } from './support/test';

test('before its script has run, the page shows ModVault loading, in the OS theme, within the CSP', async ({
  page,
  ui,
  cspViolations,
}) => {
  // A script that has not arrived yet (a slow disk, a cold start): the page must not be blank.
  await page.route('**/*', (route) =>
    route.request().resourceType() === 'script' ? route.abort() : route.continue(),
  );
  for (const [scheme, background] of [
    ['light', 'rgb(246, 247, 249)'],
    ['dark', 'rgb(21, 24, 29)'],
  ] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(ui.url);
    const shell = page.getByTestId('loading-shell');
    await expect(shell).toBeVisible();
    await expect(shell).toContainText('ModVault');
    await expect(shell.locator('img')).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      background,
    );
    const box = (await shell.boundingBox())!;
    expect(box.height).toBeGreaterThan(100);
  }

  // With its script, the app takes the page over.
  await page.unroute('**/*');
  await page.goto(ui.url);
  await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');
  await expect(page.getByTestId('loading-shell')).toHaveCount(0);
  expect(cspViolations).toEqual([]);
});
