import { app, dialog } from 'electron';
import type { Engine } from '../engine/compose';
import type { I18n } from '../../shared/i18n';
import { jobTitle } from '../../shared/i18n/job-title';

/**
 * Quitting never cuts a job short without asking: wait for it, cancel it, or keep running.
 * The engine is disposed (jobs settled, workers stopped) before the process exits.
 */
export function guardQuit(engine: Engine, i18n: () => Promise<I18n>, onExit: () => void): void {
  let phase: 'running' | 'asking' | 'closing' | 'done' = 'running';
  app.on('before-quit', (e) => {
    if (phase === 'done') return;
    e.preventDefault();
    if (phase !== 'running') return;
    phase = 'asking';
    void decide(engine, i18n).then(async (proceed) => {
      if (!proceed) {
        phase = 'running';
        return;
      }
      phase = 'closing';
      onExit();
      await engine.dispose().catch(() => {});
      phase = 'done';
      app.quit();
    });
  });
}

async function decide(engine: Engine, i18n: () => Promise<I18n>): Promise<boolean> {
  const active = engine.jobs.active();
  if (active.length === 0) return true;
  const { t } = await i18n();
  const title = jobTitle(t, active[0]!);
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
  if (response === 0) await Promise.all(active.map((j) => engine.jobs.wait(j.id).catch(() => {})));
  return true;
}
