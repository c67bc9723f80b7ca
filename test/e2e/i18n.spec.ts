import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { addProjectFolder, damageAZip } from './support/scenes';
import { screenshot } from './support/screenshots';
import { expect, test } from './support/test';

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
  await expect(page.getByTestId('health-headline')).toHaveText('尚未检查');
  await expect(page.getByTestId('sidebar-status')).toHaveText('尚未检查');
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
  await noEnglish(page, ['Dashboard', 'Modules', 'Activity', 'Output', 'Started', 'Done']);

  // Snapshots: the first backup, its details and a comparison, in Chinese.
  await page.getByTestId('nav-snapshots').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('快照');
  await expect(page.getByText('还没有备份')).toBeVisible();
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backup-result')).toContainText('已备份 8 个版本 · 新增 8 个');
  await page.getByTestId('compare-current').click();
  await expect(page.getByTestId('diff-result')).toContainText('模块版本相同，内容也相同。');
  await expect(page.getByTestId('snapshot-retention')).toContainText('最近');
  await screenshot(page, 'snapshots-zh-CN', { whole: true });
  await noEnglish(page, [
    'Snapshot',
    'Back up',
    'Versions',
    'Retention',
    'Compare',
    'Backup store',
    'Check',
    'Export',
    'Delete',
    'latest',
    'recent',
  ]);
  await expect(page.getByTestId('nav-snapshots')).toHaveText('快照');

  // Cleanup: the wizard with project folders set.
  await addProjectFolder(page, fx);
  await page.getByTestId('nav-cleanup').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('清理');
  await expect(page.getByTestId('kind-unused').locator('..')).toContainText('未使用的模块版本');
  await page.getByTestId('to-preview').click();
  await expect(page.getByTestId('selection-summary')).toContainText('已选 2 / 2 项');
  await page.getByTestId('kept-toggle').click();
  await expect(page.getByTestId('kept-table')).toContainText('正在使用');
  await screenshot(page, 'cleanup-zh-CN', { whole: true });
  await page.getByTestId('to-options').click();
  await expect(page.getByTestId('run-clean')).toHaveText('将 2 项移到隔离区');
  await noEnglish(page, [
    'Cleanup',
    'Preview',
    'Options',
    'Quarantine',
    'Back up',
    'Delete',
    'Recommended',
  ]);

  // Doctor: a damaged version found, explained and repaired, in Chinese.
  await damageAZip(fx);
  await page.getByTestId('nav-doctor').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('诊断');
  const broken = page.locator('[data-finding="zip-unreadable:example.com/lib@v1.0.0"]');
  await expect(broken).toContainText('zip 无法读取');
  await expect(broken).toContainText('而且不会自行修复');
  await expect(page.getByTestId('doctor-fix-all')).toHaveText('全部修复（1）');
  // Environment findings are worded in Chinese too, from the engine's catalog keys.
  await expect(page.getByTestId('group-info')).toContainText('已安装 Go go1.');
  await expect(page.getByTestId('group-warning')).toContainText('GOSUMDB=off：下载的内容不会');
  await screenshot(page, 'doctor-zh-CN', { whole: true });
  await broken.getByTestId('fix-one').click();
  // The snapshot taken above holds the good zip: the repair restores it offline.
  await expect(page.getByTestId('fix-results')).toContainText('已从快照恢复');
  await expect(page.getByTestId('fix-results')).toContainText('已验证');
  // Only the engine's technical details (a verifier's reason, a repair's log line) stay as written.
  await noEnglish(page, [
    'Doctor',
    'Check again',
    'Fix all',
    'Errors',
    'Warning',
    'Notes',
    'Environment',
    'What to do',
    'Repairs',
    'is installed',
    'Enough room',
    'GOPROXY serves',
    'not checked against',
    'Set the damaged files aside',
  ]);
  await page.getByTestId('nav-activity').click();
  await expect(page.getByTestId('job-list')).toContainText('备份模块缓存');
  await expect(page.getByTestId('job-list')).toContainText('诊断');
  await expect(page.getByTestId('job-list')).toContainText('规划清理');
});

async function noEnglish(page: Page, words: string[]): Promise<void> {
  const text = await page.locator('main').innerText();
  for (const english of words) expect(text, english).not.toContain(english);
}
