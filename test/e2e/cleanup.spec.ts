import path from 'node:path';
import { onDisk, uiAsNobody, UNUSED } from './support/as-nobody';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';
import { canDropPrivileges } from '../helpers/unprivileged';

test.use({ viewport: { width: 1360, height: 900 } });

test.describe('as an unprivileged user', () => {
  test.skip(!canDropPrivileges, 'dropping to "nobody" needs root');

  test('cleanup of unused versions: preview with reasons, quarantine, Undo puts them back', async ({
    page,
    fx,
    cspViolations,
  }) => {
    const ui = await uiAsNobody(fx);
    try {
      const before = await Promise.all(UNUSED.map((m) => onDisk(fx, m)));
      expect(before.every((d) => d.zip && d.tree?.some((f) => / 65534 444 /.test(f)))).toBe(true);
      await page.goto(`${ui.url}#/cleanup`);
      await expect(page.getByTestId('cleanup-step-category')).toContainText(
        path.join(fx.root, 'projects'),
      );
      await page.getByTestId('to-preview').click();

      const plan = page.getByTestId('plan-table');
      await expect(plan.getByRole('row')).toHaveCount(3);
      for (const m of UNUSED) await expect(plan).toContainText(`${m.path}@${m.version}`);
      await expect(plan).toContainText('not used by the 2 projects scanned');
      await expect(page.getByTestId('selection-summary')).toContainText('2 of 2 selected');
      // What stays, and which project uses it.
      await page.getByTestId('kept-toggle').click();
      const kept = page.getByTestId('kept-table');
      await expect(kept.getByRole('row', { name: /example\.com\/lib@v1\.1\.0/ })).toContainText(
        'alpha',
      );
      await screenshot(page, 'cleanup-preview-light', { whole: true });

      await page.getByTestId('to-options').click();
      await expect(page.getByTestId('options-summary')).toContainText('2 items');
      await expect(page.getByTestId('mode-quarantine')).toBeChecked();
      await expect(page.getByTestId('delete-warning')).toHaveCount(0);
      await page.getByTestId('run-clean').click();

      const result = page.getByTestId('clean-result');
      await expect(result).toContainText('Moved 2 items');
      for (const m of UNUSED) expect(await onDisk(fx, m)).toEqual({ zip: false, tree: null });
      await expect(page.getByTestId('quarantine-list')).toContainText(
        'Cleanup: Unused module versions',
      );
      await screenshot(page, 'cleanup-result-light', { whole: true });

      // Undo: the same bytes, modes and owner as before.
      await page.getByTestId('undo').click();
      await expect(result).toContainText('Put back 2 items');
      expect(await Promise.all(UNUSED.map((m) => onDisk(fx, m)))).toEqual(before);
      await expect(page.getByTestId('card-quarantine')).toContainText('The quarantine is empty.');
      expect(cspViolations).toEqual([]);
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });

  test('a quarantine frees its space later; Purge now frees it at once, after a confirmation', async ({
    page,
    fx,
  }) => {
    const ui = await uiAsNobody(fx);
    try {
      await page.goto(`${ui.url}#/cleanup`);
      await page.getByTestId('to-preview').click();
      await expect(page.getByTestId('plan-table').getByRole('row')).toHaveCount(3);
      await page.getByTestId('to-options').click();
      await page.getByTestId('run-clean').click();
      await expect(page.getByTestId('clean-result')).toContainText('Moved 2 items');
      // Moving to the quarantine frees nothing yet: the result says when the space comes back.
      await expect(page.getByTestId('clean-freed-later')).toContainText(
        'the space is freed when it is purged, on',
      );
      await expect(page.getByTestId('quarantine-list').getByRole('listitem')).toHaveCount(1);

      // Cancel keeps it; confirming deletes it for good.
      await page.getByTestId('purge-now').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByTestId('quarantine-list').getByRole('listitem')).toHaveCount(1);
      await page.getByTestId('purge-now').click();
      await page.getByTestId('purge-now-confirm').click();
      await expect(page.getByTestId('clean-result')).toContainText(/Purged: .+ freed/);
      await expect(page.getByTestId('undo')).toHaveCount(0);
      await expect(page.getByTestId('purge-now')).toHaveCount(0);
      await expect(page.getByTestId('card-quarantine')).toContainText('The quarantine is empty.');
      for (const m of UNUSED) expect(await onDisk(fx, m)).toEqual({ zip: false, tree: null });
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });

  test('only the selected items go; deleting for good is confirmed and has no Undo', async ({
    page,
    fx,
  }) => {
    const ui = await uiAsNobody(fx);
    try {
      await page.goto(`${ui.url}#/cleanup`);
      // From the keyboard: the category is a radio group; Space unticks the highlighted row.
      await page.getByTestId('kind-unused').focus();
      await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('kind-corrupt')).toBeChecked();
      await page.keyboard.press('ArrowLeft');
      await expect(page.getByTestId('kind-unused')).toBeChecked();
      await page.getByTestId('to-preview').click();
      const plan = page.getByTestId('plan-table');
      await expect(plan.getByRole('row')).toHaveCount(3);
      await plan.focus();
      await page.keyboard.press('End');
      await page.keyboard.press('Space');
      await expect(page.getByTestId('selection-summary')).toContainText('1 of 2 selected');
      const last = plan.getByRole('row').nth(2);
      const unticked = (await last.innerText()).includes('Upper/Case') ? UNUSED[0]! : UNUSED[1]!;
      const chosen = unticked === UNUSED[0] ? UNUSED[1]! : UNUSED[0]!;

      await page.getByTestId('to-options').click();
      await page.getByTestId('mode-delete').check({ force: true });
      await expect(page.getByTestId('delete-warning')).toContainText('This cannot be undone');
      await expect(page.getByTestId('run-clean')).toBeDisabled();
      await page.getByTestId('confirm-delete').check();
      await screenshot(page, 'cleanup-options-delete-light');
      await page.getByTestId('run-clean').click();

      await expect(page.getByTestId('clean-result')).toContainText('Deleted 1 item');
      await expect(page.getByTestId('undo')).toHaveCount(0);
      expect(await onDisk(fx, chosen)).toEqual({ zip: false, tree: null });
      expect((await onDisk(fx, unticked)).tree?.length).toBeGreaterThan(0);
      await expect(page.getByTestId('card-quarantine')).toContainText('The quarantine is empty.');
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });
});

test('without project folders, "unused" points to Settings instead of guessing', async ({
  page,
  ui,
}) => {
  await page.goto(`${ui.url}#/cleanup`);
  await expect(page.getByTestId('needs-roots')).toContainText('Add them in Settings');
  await expect(page.getByTestId('to-preview')).toBeDisabled();
  // Other categories need no projects.
  await page.getByTestId('kind-corrupt').check({ force: true });
  await expect(page.getByTestId('to-preview')).toBeEnabled();
  await page.getByTestId('to-preview').click();
  await expect(page.getByTestId('cleanup-step-preview')).toContainText('Nothing to clean up');
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByTestId('kind-unused').check({ force: true });
  await page.getByRole('link', { name: 'Add them in Settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
});
