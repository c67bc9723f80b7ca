import type { JobFinished } from '../../../shared/dto/jobs';
import type { AppStatus } from '../../../shared/dto/status';
import type { CacheLost } from '../../../shared/dto/watch';
import type { I18n } from '../../../shared/i18n';
import { createI18n, resolveLocale } from '../../../shared/i18n';
import { jobTitle } from '../../../shared/i18n/job-title';
import type { Logger } from '../platform/logger';
import type { EventBus } from '../rpc/event-bus';
import type { SettingsStore } from '../settings/settings-store';
import type { Notifier, UserNotification } from './notifier';

export interface NotificationPolicyDeps {
  notifier: Notifier;
  events: EventBus;
  settings: SettingsStore;
  /** The OS languages, for the 'system' language setting. */
  preferredLanguages: () => readonly string[];
  logger: Logger;
}

/** Jobs shorter than this finish while the user watches: no notification for them. */
const LONG_JOB_MS = 10_000;

/**
 * Decides what deserves a notification: long jobs finishing, any job failing, and the cache
 * turning bad (deleted, damaged, failing verification) — each once, when it happens. A cache the
 * watcher saw deleted comes with a Restore action for the snapshot that holds it.
 */
export class NotificationPolicy {
  private previous: AppStatus | null = null;
  private readonly offs: (() => void)[];

  constructor(private readonly deps: NotificationPolicyDeps) {
    this.offs = [
      deps.events.on('job.finished', (f) => void this.onJobFinished(f)),
      deps.events.on('status.changed', (s) => void this.onStatus(s)),
      deps.events.on('cache-lost', (l) => void this.onCacheLost(l)),
    ];
  }

  private async i18n(): Promise<I18n> {
    const { language } = await this.deps.settings.get();
    return createI18n(resolveLocale(language, this.deps.preferredLanguages()));
  }

  private async onJobFinished({ job }: JobFinished): Promise<void> {
    const settings = await this.deps.settings.get();
    if (!settings.notifyJobs) return;
    const took = (job.endedAt ?? 0) - (job.startedAt ?? job.createdAt);
    if (job.status === 'canceled' || (job.status === 'succeeded' && took < LONG_JOB_MS)) return;
    const { t, fmt } = await this.i18n();
    const route = `activity/${job.id}`;
    const title = jobTitle(t, job);
    if (job.status === 'failed')
      this.send({
        title: t('notify.failed', { title }),
        body: job.error?.message ?? '',
        route,
        severity: 'error',
      });
    else
      this.send({
        title: t('notify.succeeded', { title }),
        body: t('notify.succeededBody', { d: fmt.duration(took) }),
        route,
        severity: 'info',
      });
  }

  private async onStatus(now: AppStatus): Promise<void> {
    const before = this.previous;
    this.previous = now;
    if (!before || !(await this.deps.settings.get()).notifyProblems) return;
    const { t } = await this.i18n();
    // The watcher's cache-lost notification (with its Restore action) already said it.
    if (before.cache?.exists && now.cache && !now.cache.exists && now.cacheLost.length === 0)
      this.send({
        title: t('notify.cacheMissing'),
        body: t('notify.cacheMissingBody', {
          path: now.cache.gomodcache,
          n: before.cache.versions,
        }),
        route: 'dashboard',
        severity: 'warning',
      });
    const errors = now.verify?.errors ?? 0;
    if (errors > 0 && now.verify?.at !== before.verify?.at)
      this.send({
        title: t('notify.verifyErrors'),
        body: t('notify.verifyErrorsBody', { n: errors }),
        route: 'dashboard',
        severity: 'error',
      });
    const damaged = now.cache?.damaged ?? 0;
    if (damaged > (before.cache?.damaged ?? 0))
      this.send({
        title: t('notify.damaged'),
        body: t('notify.damagedBody', { n: damaged }),
        route: 'modules',
        severity: 'warning',
      });
  }

  private async onCacheLost(loss: CacheLost): Promise<void> {
    if (!(await this.deps.settings.get()).notifyProblems) return;
    const { t, fmt } = await this.i18n();
    const modules = loss.cache === 'gomodcache';
    this.send({
      title: t(modules ? 'notify.cacheLost' : 'notify.buildCacheLost', { n: loss.gone }),
      body: loss.snapshot
        ? t('notify.cacheLostBody', { when: fmt.dateTime(loss.snapshot.time) })
        : t('notify.cacheLostNoSnapshot'),
      route: 'dashboard',
      severity: 'warning',
      ...(loss.snapshot &&
        modules && {
          action: {
            kind: 'restore',
            label: t('notify.restore'),
            snapshot: loss.snapshot.id,
            mode: 'quick',
          },
        }),
    });
  }

  private send(n: UserNotification): void {
    try {
      this.deps.notifier.notify(n);
    } catch (e) {
      this.deps.logger.warn('notification failed', { error: String(e) });
    }
  }

  dispose(): void {
    for (const off of this.offs) off();
  }
}
