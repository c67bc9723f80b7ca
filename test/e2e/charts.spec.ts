import type { Locator } from '@playwright/test';
import { expect, test } from './support/test';

test.use({ viewport: { width: 1024, height: 700 } });

/** The x-axis labels of a chart: their text, instant and box. */
function xLabels(chart: Locator) {
  return chart.locator('[data-testid=x-label]').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        text: el.textContent ?? '',
        t: Number(el.getAttribute('data-t')),
        l: r.left,
        r: r.right,
      };
    }),
  );
}

test('charts end now, name each date once, never overlap their labels, and show one backup as one point', async ({
  page,
  ui,
}) => {
  await page.goto(ui.url);
  const growth = page.getByTestId('growth-chart');
  await expect(growth).toBeVisible();
  const labels = await xLabels(growth);
  const now = await page.evaluate(() => Date.now());
  const year = String(new Date(now).getFullYear());
  expect(labels.length).toBeGreaterThan(1);
  for (const l of labels) {
    // No axis into the future.
    expect(l.t).toBeLessThanOrEqual(now);
    // This year goes without saying; a date is said once, not on every tick.
    expect(l.text).not.toContain(year);
  }
  expect(new Set(labels.map((l) => l.text)).size).toBe(labels.length);
  for (let i = 1; i < labels.length; i++) expect(labels[i]!.l).toBeGreaterThan(labels[i - 1]!.r);

  // One backup: one mark, labelled with its own date and time, nothing around it.
  const history = page.getByTestId('card-history');
  await history.getByTestId('history-backup-now').click();
  const chart = page.getByTestId('history-chart');
  await expect(history.locator('circle.mark')).toHaveCount(1);
  const one = await xLabels(chart);
  expect(one).toHaveLength(1);
  expect(one[0]!.text).toMatch(/\d{1,2}:\d{2}/);
  const mark = (await history.locator('circle.mark').boundingBox())!;
  const box = (await chart.boundingBox())!;
  // In the middle of the plot, not squeezed against an edge.
  expect(Math.abs(mark.x + mark.width / 2 - (box.x + box.width / 2))).toBeLessThan(box.width * 0.1);
  await expect(page.getByTestId('history-one')).toBeVisible();
});
