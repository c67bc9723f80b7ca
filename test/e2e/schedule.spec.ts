import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SlotCalendar } from '../../electron/engine/schedule/slot-calendar';
import type { ScheduleView } from '../../shared/dto/schedule';
import { removeTree } from '../helpers/temp';
import { CLI } from '../helpers/cli';
import { expect, test } from './support/test';
import { screenshot } from './support/screenshots';

const run = promisify(execFile);

// Times are shown in the browser's zone: pin it, so the expected strings can be computed here.
test.use({ viewport: { width: 1360, height: 1000 }, timezoneId: 'UTC', locale: 'en-US' });
const shown = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

test('creates a weekly schedule in the UI, previews and shows its next runs, runs it, and reports a deleted cache', async ({
  page,
  ui,
  fx,
  cspViolations,
}) => {
  await page.goto(ui.url);
  await page.getByTestId('nav-schedule').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Schedules' })).toBeVisible();
  await expect(page.getByText('No schedules yet')).toBeVisible();
  await expect(page.getByTestId('card-watch')).toContainText('8 versions');
  await screenshot(page, 'schedule-empty-light');

  // The editor: keyboard-first, the next runs previewed live by the engine.
  await page.getByTestId('new-schedule').click();
  const editor = page.getByRole('dialog', { name: 'New schedule' });
  await expect(editor).toBeVisible();
  await page.getByTestId('schedule-name').fill('Lunch backup');
  const preview = editor.getByTestId('schedule-preview').getByRole('listitem');
  await expect(preview).toHaveCount(5);

  // A bad cron expression is explained, and cannot be saved.
  await editor.getByTestId('schedule-kind').getByRole('radio', { name: 'Cron' }).click();
  await editor.getByTestId('schedule-cron').fill('61 * * * *');
  await expect(editor.getByTestId('schedule-preview')).toContainText(
    'Not a valid cron expression: 61 * * * *',
  );
  await expect(editor.getByTestId('schedule-save')).toBeDisabled();

  // Weekly, Mon/Wed/Fri at 12:30 in Tokyo.
  await editor.getByTestId('schedule-kind').getByRole('radio', { name: 'Weekly' }).click();
  const days = editor.getByTestId('schedule-days');
  await days.getByLabel('Tue').uncheck();
  await days.getByLabel('Thu').uncheck();
  await editor.getByTestId('schedule-at').fill('12:30');
  await editor.getByLabel('Time zone').selectOption('Asia/Tokyo');
  await editor.getByTestId('keep-last').fill('3');
  const calendar = new SlotCalendar(
    { kind: 'weekly', days: [1, 3, 5], at: '12:30' },
    'Asia/Tokyo',
    Date.now(),
  );
  const expected = calendar.upcoming(Date.now(), 5).map((t) => shown.format(t));
  await expect(preview.locator('.num')).toHaveText(expected);
  await screenshot(page, 'schedule-editor-light');
  await editor.getByTestId('schedule-save').click();
  await expect(editor).toBeHidden();

  // The schedule, its next runs and its settings, as saved in the store.
  const runs = page.getByTestId('next-runs').getByRole('listitem');
  await expect(runs).toHaveText(expected);
  await expect(page.getByRole('heading', { name: 'Lunch backup' })).toBeVisible();
  await expect(page.getByText('Mon, Wed, Fri at 12:30')).toBeVisible();
  await expect(
    page.getByText('module cache · Keeps the latest 3, 7 daily · Asia/Tokyo'),
  ).toBeVisible();
  const { stdout } = await run(process.execPath, [CLI, 'schedule', 'list', '--json'], {
    env: fx.env,
  });
  const [saved] = JSON.parse(stdout) as ScheduleView[];
  expect(saved).toMatchObject({
    name: 'Lunch backup',
    spec: { kind: 'weekly', days: [1, 3, 5], at: '12:30' },
    timezone: 'Asia/Tokyo',
    retention: { last: 3, daily: 7 },
  });

  // Pause and resume, from the card.
  await page.getByTestId('pause').click();
  await expect(page.getByText(/^Paused until /)).toBeVisible();
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();

  // Run now: the real scheduled backup, through the job runner; its state comes back live.
  await page.getByTestId('run-now').click();
  await expect(page.getByText(/^snapshot [0-9a-f]{8}$/)).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'schedule-light');

  // Deleting the module cache: the watcher in `modvault ui` raises the alarm within seconds.
  await removeTree(fx.gomodcache);
  const lost = page.getByTestId('cache-lost');
  await expect(lost).toContainText('Module cache deleted — 8 versions', { timeout: 10_000 });
  await expect(lost).toContainText(/Snapshot [0-9a-f]{8} \(.*\) holds them\./);
  await expect(page.getByTestId('card-watch')).toContainText('Missing');
  await screenshot(page, 'schedule-cache-lost-light');
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('status-banner')).toContainText(
    'Go module cache deleted — 8 versions.',
  );
  await screenshot(page, 'dashboard-cache-lost-light');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('theme-choice').getByRole('radio', { name: 'Dark' }).click();
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('nav-schedule').click();
  await expect(page.getByRole('heading', { level: 1, name: '计划备份' })).toBeVisible();
  await expect(page.getByText('周一, 周三, 周五 12:30')).toBeVisible();
  await screenshot(page, 'schedule-dark-zh-CN');
  expect(cspViolations).toEqual([]);
});
