import type { Page } from '@playwright/test';
import { layoutProblems } from './support/layout-audit';
import { startUiServer } from '../helpers/ui-server';
import { chooseLanguage, livedInScene, openPage, sidebarPages } from './support/scenes';
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

for (const language of ['en', 'zh-CN'] as const) {
  test(`every page, dialog and wizard step fits from 960 px wide, in ${language}: nothing cut off, nothing drawn over anything`, async ({
    page,
    ui,
    fx,
  }) => {
    test.slow();
    await page.setViewportSize(SIZES[2]!);
    await livedInScene(page, fx, ui.url);
    await chooseLanguage(page, language);
    const pages = await sidebarPages(page);
    expect(pages.length).toBeGreaterThanOrEqual(9);
    const found: string[] = [];
    const audit = async (what: string) => {
      await page.waitForTimeout(150); // resize observers and transitions
      for (const p of await layoutProblems(page)) found.push(`${what}: ${p}`);
    };
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const at = `${size.width}×${size.height}`;
      for (const id of pages) {
        await openPage(page, id);
        await audit(`${at} ${id}`);
      }
      for (const view of VIEWS) {
        await openPage(page, view.page);
        await view.show(page);
        await audit(`${at} ${view.name}`);
        await view.hide?.(page);
        // Leave wizards at their first step for the next view.
        await page.getByTestId('nav-dashboard').click();
      }
    }
    // With the sidebar collapsed the pages get the room back, and still fit.
    await page.setViewportSize(SIZES[0]!);
    await page.getByTestId('sidebar-toggle').click();
    for (const id of pages) {
      await openPage(page, id);
      await audit(`960×700 collapsed ${id}`);
    }
    await page.getByTestId('sidebar-toggle').click();
    expect(found).toEqual([]);
  });
}

test('the sidebar collapses to icons from the keyboard, keeps its names for screen readers, and stays collapsed after a restart', async ({
  page,
  ui,
  fx,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(ui.url);
  const sidebar = page.getByTestId('sidebar');
  const toggle = page.getByTestId('sidebar-toggle');
  const wide = (await sidebar.boundingBox())!.width;
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');

  // Ctrl+B, as in editors; the toggle says what it does now.
  await page.keyboard.press('Control+b');
  await expect(sidebar).toHaveClass(/collapsed/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toHaveAccessibleName('Expand sidebar');
  await expect.poll(async () => (await sidebar.boundingBox())!.width).toBeLessThan(64);
  const main = (await page.locator('main').boundingBox())!;
  expect(main.x).toBeLessThan(64);
  // Icons only on screen; each link keeps its name and shows it as a tooltip.
  const modules = page.getByRole('link', { name: 'Modules' });
  await expect(modules).toBeVisible();
  await expect(modules).toHaveAttribute('title', 'Modules');
  expect((await modules.boundingBox())!.width).toBeLessThan(48);

  // Remembered with the settings: a new `modvault ui` (another port, another origin) keeps it.
  await ui.stop();
  const again = await startUiServer(fx.env);
  try {
    await page.goto(again.url);
    await expect(page.getByTestId('sidebar')).toHaveClass(/collapsed/);
    // The toggle is a button in the tab order: Enter expands the sidebar again.
    await page.getByTestId('sidebar-toggle').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('sidebar')).not.toHaveClass(/collapsed/);
    await expect
      .poll(async () => (await page.getByTestId('sidebar').boundingBox())!.width)
      .toBe(wide);
  } finally {
    await again.stop();
  }
});
