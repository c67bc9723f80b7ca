import { app, dialog } from 'electron';
import type { EngineClient } from '../../shared/client';
import type { JobInfo } from '../../shared/dto/jobs';
import { TERMINAL_STATUSES } from '../../shared/dto/jobs';
import type { I18n } from '../../shared/i18n';
import { jobTitle } from '../../shared/i18n/job-title';

export interface QuitGuardOptions {
  client: EngineClient;
  /** Whether the engine is this app's own; a daemon's engine and its jobs go on without the app. */
  ownsEngine(): boolean;
  /** Resolves when the engine goes away (its jobs cannot finish then). */
  engineLost(): Promise<void>;
  i18n(): Promise<I18n>;
  /** The window and tray go first, so quitting looks immediate. */
  onExit(): void;
  /** Stops the app's engine (jobs settled, store closed) and the connection to it. */
  shutdown(): Promise<void>;
}

/**
 * Quitting never cuts a job short without asking: wait for it, cancel it, or keep running.
 * The app's own engine is stopped (jobs settled, workers stopped) before the app exits.
 */
export function guardQuit(opts: QuitGuardOptions): void {
  let phase: 'running' | 'asking' | 'closing' | 'done' = 'running';
  app.on('before-quit', (e) => {
    if (phase === 'done') return;
    e.preventDefault();
    if (phase !== 'running') return;
    phase = 'asking';
    void decide(opts)
      .catch(() => true)
      .then(async (proceed) => {
        if (!proceed) {
          phase = 'running';
          return;
        }
        phase = 'closing';
        opts.onExit();
        await opts.shutdown().catch(() => {});
        phase = 'done';
        app.quit();
      });
  });
}

const active = (jobs: JobInfo[]) => jobs.filter((j) => !TERMINAL_STATUSES.includes(j.status));

async function decide(opts: QuitGuardOptions): Promise<boolean> {
  if (!opts.ownsEngine()) return true;
  const running = active(await opts.client.call('jobs.list', {}).catch(() => []));
  if (running.length === 0) return true;
  const { t } = await opts.i18n();
  const title = jobTitle(t, running[0]!);
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: t('quit.title'),
    message: t('quit.message', { title }),
    detail: t('quit.detail'),
    buttons: [t('quit.wait'), t('quit.cancel'), t('quit.keep')],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  if (response === 2) return false;
  if (response === 0)
    await Promise.race([
      waitForJobs(
        opts.client,
        running.map((j) => j.id),
      ),
      opts.engineLost(),
    ]);
  return true;
}

/** Resolves when every one of `ids` has ended. */
function waitForJobs(client: EngineClient, ids: string[]): Promise<void> {
  const left = new Set(ids);
  return new Promise((resolve) => {
    const check = () => {
      if (left.size > 0) return;
      off();
      resolve();
    };
    const off = client.on('job.finished', (f) => {
      left.delete(f.job.id);
      check();
    });
    // Those that ended between the question and the answer.
    void client
      .call('jobs.list', {})
      .then((jobs) => {
        for (const j of jobs) if (TERMINAL_STATUSES.includes(j.status)) left.delete(j.id);
        check();
      })
      .catch(() => {});
  });
}
