import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './support/test';
import { screenshot } from './support/screenshots';

test.use({ viewport: { width: 1360, height: 900 } });

test('switching to 简体中文 translates every page and persists in the settings file', async ({
  page,
  ui,
  fx,
}) => {
  await page.goto(ui.url);
  await expect(page.getByTestId('gomodcache-versions')).toHaveText('8');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language-select').selectOption('zh-CN');

  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('nav-dashboard')).toHaveText('概览');
  await expect(page.getByTestId('nav-modules')).toHaveText('模块');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  await screenshot(page, 'settings-zh-CN');

  const file = path.join(fx.env.HOME!, '.config', 'modvault', 'settings.json');
  expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ language: 'zh-CN' });

  // A fresh load (a new tab, the desktop app) comes up in Chinese straight away.
  await page.goto(ui.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('概览');
  await expect(page.getByTestId('card-gomodcache')).toContainText('模块缓存');
  await expect(page.getByTestId('health-headline')).toHaveText('健康');
  await expect(page.getByTestId('sidebar-status')).toHaveText('一切正常');
  await screenshot(page, 'dashboard-zh-CN');

  await page.getByTestId('nav-modules').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('模块');
  await expect(page.getByText(/5 个模块 · 8 个版本/)).toBeVisible();
  await page.getByTestId('modules-table').getByText('example.com/lib').click();
  await expect(page.getByTestId('module-details')).toContainText('3 个版本');
  await screenshot(page, 'modules-zh-CN');

  await page.getByTestId('nav-activity').click();
  await expect(page.getByTestId('job-list')).toContainText('扫描模块缓存');
  await screenshot(page, 'activity-zh-CN');

  // No English UI text is left on the page (paths, versions and the product name aside).
  const text = await page.locator('main').innerText();
  for (const english of ['Dashboard', 'Modules', 'Activity', 'Output', 'Started', 'Done'])
    expect(text).not.toContain(english);
});
