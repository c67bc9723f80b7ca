import type { Page } from '@playwright/test';
import { layoutProblems } from './support/layout-audit';
import { livedInScene, openPage, sidebarPages } from './support/scenes';
import { expect, test } from './support/test';

/** The window sizes the app must fit: a small laptop (and narrower), and a common desktop. */
const SIZES = [
  { width: 960, height: 700 },
  { width: 1024, height: 700 },
  { width: 1366, height: 860 },
];

/** Dialogs and wizard steps, each opened from its page and closed again. */
const VIEWS: {
  name: string;
  page: string;
  show: (page: Page) => Promise<void>;
  hide?: (page: Page) => Promise<void>;
}[] = [
  ...(['interval', 'daily', 'weekly', 'cron'] as const).map((kind) => ({
    name: `New schedule (${kind})`,
    page: 'schedule',
    show: async (page: Page) => {
      await page.getByTestId('new-schedule').click();
      await page
        .getByTestId('schedule-kind')
        .getByRole('radio')
        .nth(['interval', 'daily', 'weekly', 'cron'].indexOf(kind))
        .click();
      await expect(page.getByTestId('schedule-preview').getByRole('listitem')).toHaveCount(5);
    },
    hide: (page: Page) => page.keyboard.press('Escape'),
  })),
  {
    name: 'Edit schedule',
    page: 'schedule',
    show: (page) => page.getByTestId('edit').first().click(),
    hide: (page) => page.keyboard.press('Escape'),
  },
  ...(['all', 'projects', 'modules'] as const).map((scope) => ({
    name: `Restore → scope (${scope})`,
    page: 'restore',
    show: async (page: Page) => {
      await page.getByTestId('restore-next').click();
      await page.getByTestId('restore-next').click();
      await page.getByTestId(`restore-scope-${scope}`).check({ force: true });
    },
  })),
  {
    name: 'Restore → preview',
    page: 'restore',
    show: async (page) => {
      for (let i = 0; i < 3; i++) await page.getByTestId('restore-next').click();
      await expect(page.getByTestId('restore-start')).toBeVisible();
    },
  },
  {
    name: 'Cleanup → preview',
    page: 'cleanup',
    show: async (page) => {
      await page.getByTestId('to-preview').click();
      await expect(page.getByTestId('plan-table')).toBeVisible();
    },
  },
  {
    name: 'Cleanup → options',
    page: 'cleanup',
    show: async (page) => {
      await page.getByTestId('to-preview').click();
      await page.getByTestId('to-options').click();
      await expect(page.getByTestId('run-clean')).toBeVisible();
    },
  },
  {
    name: 'Export snapshot',
    page: 'snapshots',
    show: (page) => page.getByTestId('export').click(),
    hide: (page) => page.keyboard.press('Escape'),
  },
  {
    name: 'Delete snapshot',
    page: 'snapshots',
    show: (page) => page.getByTestId('delete').first().click(),
    hide: (page) => page.keyboard.press('Escape'),
  },
  {
    name: 'Add project folder',
    page: 'settings',
    show: (page) => page.getByTestId('add-root').click(),
    hide: (page) => page.keyboard.press('Escape'),
  },
];

test('every page, dialog and wizard step fits from 960 px wide: nothing cut off, nothing drawn over anything', async ({
  page,
  ui,
  fx,
}) => {
  test.slow();
  await page.setViewportSize(SIZES[2]!);
  await livedInScene(page, fx, ui.url);
  const pages = await sidebarPages(page);
  expect(pages.length).toBeGreaterThanOrEqual(9);
  const found: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const at = `${size.width}×${size.height}`;
    for (const id of pages) {
      await openPage(page, id);
      await page.waitForTimeout(150); // resize observers and transitions
      for (const p of await layoutProblems(page)) found.push(`${at} ${id}: ${p}`);
    }
    for (const view of VIEWS) {
      await openPage(page, view.page);
      await view.show(page);
      await page.waitForTimeout(200);
      for (const p of await layoutProblems(page)) found.push(`${at} ${view.name}: ${p}`);
      await view.hide?.(page);
      // Leave wizards at their first step for the next view.
      await page.getByTestId('nav-dashboard').click();
    }
  }
  expect(found).toEqual([]);
});
