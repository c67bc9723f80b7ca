import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FixtureModule } from '../fixtures/fixture-modules';
import { goCommand, writeProxy } from '../fixtures/go-fixture';
import { expect, test } from './support/test';

/** A golang.org/toolchain version downloaded by the real go command from a file:// proxy. */
async function downloadToolchain(fx: { root: string; env: Record<string, string> }) {
  const toolchain: FixtureModule = {
    path: 'golang.org/toolchain',
    version: 'v0.0.1-go1.25.0.linux-amd64',
    time: '2025-08-12T00:00:00Z',
    // Toolchains are the largest entries of a cache: big enough here for a titled treemap group.
    files: {
      'bin/go': '#!/bin/sh\necho fake toolchain\n',
      VERSION: 'go1.25.0\n',
      'pkg/tool/linux_amd64/compile': randomBytes(400_000),
    },
  };
  const proxy = path.join(fx.root, 'toolchain-proxy');
  await writeProxy(proxy, [toolchain]);
  await goCommand(['mod', 'download', `${toolchain.path}@${toolchain.version}`], {
    cwd: path.join(fx.root, 'download-only'),
    env: { ...fx.env, GOPROXY: `file://${proxy}` },
  });
}

test.beforeEach(async ({ fx }) => downloadToolchain(fx));

test('Go toolchains are a category of their own: dashboard, Modules filter, treemap; settings say where they come from', async ({
  page,
  ui,
  cspViolations,
}) => {
  await page.goto(ui.url);
  await expect(page.getByTestId('gomodcache-versions')).toHaveText('9');
  await expect(page.getByTestId('gomodcache-toolchains')).toContainText('Toolchains');
  await expect(page.getByTestId('gomodcache-toolchains')).toContainText(/^Toolchains\s*1 · /);
  // The fixture sets GOPROXY in the environment and GOENV=off: nothing from a go env file.
  await expect(page.getByTestId('env-source-GOPROXY')).toHaveText('environment');
  await expect(page.getByTestId('env-source-GOTOOLCHAIN')).toHaveText('environment');
  // The Settings page lists every Go setting ModVault acts on, with its source.
  await page.getByTestId('nav-settings').click();
  const goSettings = page.getByTestId('card-go-settings');
  await expect(goSettings.getByTestId('settings-env-source-GOPROXY')).toHaveText('environment');
  await expect(goSettings.getByTestId('settings-env-source-GOENV')).toHaveText('environment');
  await expect(goSettings.getByTestId('settings-env-source-GONOPROXY')).toHaveText('default');
  await expect(goSettings).toContainText('GOMODCACHE');

  await page.goto(`${ui.url}#/modules`);
  await expect(
    page.getByTestId('treemap-card').locator('.group-title', { hasText: 'Toolchains' }),
  ).toBeVisible();
  await page.getByRole('radio', { name: 'Toolchains' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'golang.org/toolchain' })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: 'example.com/lib' })).toHaveCount(0);
  expect(cspViolations).toEqual([]);
});

test('the Toolchains category and the setting sources in Simplified Chinese', async ({
  page,
  ui,
}) => {
  await page.goto(ui.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('gomodcache-toolchains')).toContainText('工具链');
  await expect(page.getByTestId('env-source-GOPROXY')).toHaveText('环境变量');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('card-go-settings')).toContainText('Go 设置');
  await expect(page.getByTestId('settings-env-source-GONOPROXY')).toHaveText('默认值');
});
