import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { downloadFile } from '../helpers/cache-damage';
import { startUiServer } from '../helpers/ui-server';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1360, height: 900 } });

test.skip(!canDropPrivileges, 'dropping to "nobody" needs root');

test('the doctor finds damaged versions, fixes one, then the rest, and checks again (as nobody)', async ({
  page,
  fx,
  cspViolations,
}) => {
  // Damage in the fixture copy: a truncated zip and a garbage .ziphash.
  const zip = downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip');
  const good = await readFile(zip);
  await truncate(zip, 400);
  const ziphash = downloadFile(fx.gomodcache, 'example.com/Upper/Case', 'v1.1.0', 'ziphash');
  const hash = await readFile(ziphash, 'utf8');
  await writeFile(ziphash, 'not a hash\n');
  await giveToNobody(fx.root);
  const ui = await startUiServer(fx.env, { asNobody: true });
  try {
    await page.goto(`${ui.url}#/doctor`);
    const errors = page.getByTestId('group-error');
    const broken = errors.locator('[data-finding="zip-unreadable:example.com/lib@v1.0.0"]');
    await expect(broken).toContainText('Zip cannot be read');
    await expect(broken).toContainText('does not heal it by itself');
    await expect(broken).toContainText('download the version again');
    const badHash = page.locator('[data-finding="ziphash-invalid:example.com/Upper/Case@v1.1.0"]');
    await expect(badHash).toContainText('Bad .ziphash file');
    // Environment findings are there too.
    await expect(page.getByTestId('group-info')).toContainText('Go toolchain');
    await expect(page.getByTestId('doctor-fix-all')).toHaveText('Fix all (2)');
    await screenshot(page, 'doctor-damaged-light', { whole: true });

    // Fix only the broken zip: downloaded again from the GOPROXY, and verified.
    await broken.getByTestId('fix-one').click();
    const results = page.getByTestId('fix-results');
    await expect(results).toContainText('Downloaded again');
    await expect(results).toContainText('example.com/lib@v1.0.0');
    await expect(results).toContainText('Verified');
    await expect(broken).toHaveCount(0);
    await expect(badHash).toHaveCount(1);
    expect(await readFile(zip)).toEqual(good);
    expect((await stat(zip)).uid).toBe(65534);

    // Fix all: the rest; the errors are gone.
    await page.getByTestId('doctor-fix-all').click();
    await expect(results).toContainText('.ziphash rewritten');
    await expect(badHash).toHaveCount(0);
    await expect(page.getByTestId('group-error')).toHaveCount(0);
    expect(await readFile(ziphash, 'utf8')).toBe(hash);
    await screenshot(page, 'doctor-fixed-light', { whole: true });

    // What the repairs replaced is in the quarantine, undoable from the Cleanup page.
    await results.getByRole('link', { name: 'Undo it on the Cleanup page' }).first().click();
    await expect(page.getByTestId('quarantine-list')).toContainText('Doctor repair');

    // Check again finds nothing new.
    await page.getByTestId('nav-doctor').click();
    await page.getByTestId('doctor-recheck').click();
    await expect(page.getByTestId('doctor-summary')).toContainText(/^0\s*errors/);
    expect(cspViolations).toEqual([]);
  } finally {
    expect(await ui.stop()).toBe(0);
  }
});
