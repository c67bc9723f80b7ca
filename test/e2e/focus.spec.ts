import type { Page } from '@playwright/test';
import { resetTabWalk, tabStep } from './support/focus-audit';
import { livedInScene, openPage, sidebarPages } from './support/scenes';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1366, height: 860 } });

/** Tabs until focus comes back round (or `max` stops), collecting every element whose ring is wrong. */
async function walk(
  page: Page,
  where: string,
  max = 160,
): Promise<{ problems: string[]; count: number }> {
  await resetTabWalk(page);
  const problems: string[] = [];
  let count = 0;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const step = await tabStep(page);
    if (!step) continue;
    count++;
    if (step.problem) problems.push(`${where}: ${step.name} ${step.problem}`);
    if (step.seen) break;
  }
  return { problems, count };
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every focusable element on every page shows the one focus ring (${scheme})`, async ({
    page,
    ui,
    fx,
  }) => {
    test.slow();
    await page.emulateMedia({ colorScheme: scheme });
    await livedInScene(page, fx, ui.url);
    const found: string[] = [];
    for (const id of await sidebarPages(page)) {
      await openPage(page, id);
      const { problems, count } = await walk(page, id);
      // The sidebar alone has a dozen stops: a walk that saw fewer never reached the page.
      expect(count, id).toBeGreaterThan(12);
      found.push(...problems);
    }
    // A dialog's controls (its focus stays inside) and the collapsed sidebar's icons.
    await openPage(page, 'schedule');
    await page.getByTestId('new-schedule').click();
    found.push(...(await walk(page, 'New schedule', 60)).problems);
    await page.keyboard.press('Escape');
    await page.getByTestId('sidebar-toggle').click();
    await expect(page.getByTestId('sidebar')).toHaveClass(/collapsed/);
    found.push(...(await walk(page, 'collapsed sidebar', 14)).problems);
    await page.getByTestId('sidebar-toggle').click();
    expect([...new Set(found)]).toEqual([]);
  });
}
