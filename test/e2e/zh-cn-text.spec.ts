import { truncate } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { downloadFile } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { startUiServer } from '../helpers/ui-server';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';
import { giveFixtureToNobody } from './support/as-nobody';
import { expect, test } from './support/test';

// No English left in 简体中文: every page (and the cleanup previews, where the engine's reasons
// and notes appear), every visible text node, with only technical terms allowed — Go's
// variables and commands, module paths, versions, file names, paths, ids, units.

test.use({ viewport: { width: 1360, height: 900 } });
test.skip(!canDropPrivileges, 'dropping to "nobody" needs root');

/** Terms that are the same in every language. */
const ALLOWED = new Set([
  'Go',
  'go',
  'ModVault',
  'zip',
  'ziphash',
  'h1',
  'gopls',
  'cron',
  'WebSocket',
  'CPU',
  'ID',
  'B',
  'KiB',
  'MiB',
  'GiB',
  'TiB',
  'ms',
  'HH',
  'MM',
]);

/** What is technical in a text: removed before looking for English words. */
const TECHNICAL = [
  /`[^`]*`/g, // code
  /“[\x20-\x7e]+”/g, // the go command's own words, quoted
  /\b(?:go|modvault|rm) (?:-{1,2}[\w-]+|[a-z][\w-]*)(?: -{1,2}[\w-]+(?:=\S+)?| [a-z][\w.-]*)*/g, // commands
  /\b(?:GO|MODVAULT)[A-Z0-9_]*(?:=[\w,.-]+)?/g, // environment variables and their values
  /\b[\w-]+(?:\.[\w-]+)+\b/g, // dotted names: module paths, hosts, file names
  /\S*[/\\]\S*/g, // paths, module paths, URLs
  /\S+@\S+/g, // module@version
  /\bv\d+\.\d+\.\d+\S*/g, // versions
  /\bgo\d+\.\d+(?:\.\d+)?\S*/g, // Go versions
  /\bh1:\S+/g,
  /\b(?:S3|AWS|R2|MinIO|Ceph|SeaweedFS|Versity)\b/g, // object storage products' names
  /\bq-\d{8}-\d{6}-[0-9a-f]+\b/g, // quarantine ids
  /\b[0-9a-f]{8,}\b/g, // snapshot ids, hashes
  /-{1,2}\w[\w-]*(?:=[\w,.-]+)?/g, // flags (-mod=mod, -modcacherw)
  /\b[\w-]+\.(?:mod|sum|zip|ziphash|info|txt|work|json|sqlite|partial|lock|tmp)\b/g, // files
  /\.[a-z]+\b/g, // extensions
];

async function visibleText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim();
      if (!el || !text) continue;
      if (
        el.closest(
          'code, pre, script, style, .mono, .visually-hidden, [translate="no"], [data-translate="no"]',
        )
      )
        continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      out.push(text);
    }
    return out;
  });
}

function englishIn(texts: string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    let rest = text;
    for (const re of TECHNICAL) rest = rest.replace(re, ' ');
    for (const word of rest.match(/[A-Za-z][A-Za-z']*/g) ?? [])
      if (!ALLOWED.has(word)) found.push(`${word}  ←  ${text}`);
  }
  return [...new Set(found)];
}

async function settle(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"], .skeleton')).toHaveCount(0, { timeout: 30_000 });
  await page.waitForTimeout(300);
}

test('every page in 简体中文 has no English outside technical terms', async ({ page, fx }) => {
  test.setTimeout(240_000);
  await giveFixtureToNobody(fx, { language: 'zh-CN' });
  const env = { ...fx.env, GOPROXY: 'off' };
  const projects = path.join(fx.root, 'projects');
  // History worth showing: a snapshot, a cleanup (a quarantine from it), a doctor repair.
  expect((await runCli(['snapshot'], { env, asNobody: true })).code).toBe(0);
  await truncate(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip'), 300);
  await giveToNobody(fx.root);
  expect((await runCli(['doctor', '--fix'], { env, asNobody: true })).stderr).not.toMatch(/Unexp/);
  // Keeping the newest of each module leaves one unused version for the preview to show.
  const clean = await runCli(
    ['clean', 'unused', '--yes', '--keep-latest', '1', '--project-root', projects],
    {
      env,
      asNobody: true,
    },
  );
  expect(clean.code, clean.stderr).toBe(0);
  const ui = await startUiServer(env, { asNobody: true });
  const leaks: string[] = [];
  const look = async (where: string) => {
    await settle(page);
    for (const l of englishIn(await visibleText(page))) leaks.push(`${where}: ${l}`);
  };
  try {
    await page.goto(ui.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('gomodcache-versions')).toHaveText('7');
    for (const id of [
      'dashboard',
      'modules',
      'snapshots',
      'restore',
      'schedule',
      'cleanup',
      'doctor',
      'activity',
      'settings',
    ]) {
      await page.getByTestId(`nav-${id}`).click();
      await look(id);
    }
    // The cleanup previews: reasons and notes come from the engine.
    for (const kind of ['unused', 'all']) {
      await page.getByTestId('nav-cleanup').click();
      await page.getByTestId(`kind-${kind}`).check({ force: true });
      await page.getByTestId('to-preview').click();
      // Something to show: the engine's reasons (and, for everything, its notes).
      await expect(page.getByTestId('plan-table').getByRole('row').nth(1)).toBeVisible();
      await look(`cleanup preview (${kind})`);
      await page.getByTestId('nav-dashboard').click();
    }
    // The Restore wizard up to its plan.
    await page.getByTestId('nav-restore').click();
    for (let i = 0; i < 3; i++) await page.getByTestId('restore-next').click();
    await look('restore preview');
  } finally {
    expect(await ui.stop()).toBe(0);
  }
  expect(leaks).toEqual([]);
});
