import type { CacheLost, WatchedCache, WatchStatus } from '../../../shared/dto/watch';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { EventBus } from '../rpc/event-bus';
import type { CacheMonitor } from './cache-monitor';
import { DirWatch } from './dir-watch';

/** Jobs that bring a cache back. */
const RESTORES = new Set(['restore.run', 'restore.toolchain']);

export interface CacheWatcherDeps {
  /** The caches to watch, resolved when watching starts (go env may take a moment). */
  monitors: () => Promise<CacheMonitor[]>;
  thresholdPercent: () => Promise<number>;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Whether filesystem events can be trusted for a folder (not on WSL's /mnt drives). */
  eventsWork: (dir: string) => boolean;
  /** The periodic listing, for what events miss (deep deletions, network drives). */
  periodMs?: number;
  /** A drop is looked at again after this long before the alarm: a cleanup may be mid-way. */
  confirmMs?: number;
}

const PERIOD_MS = 30_000;
const CONFIRM_MS = 1_500;
/**
 * A deletion under way (`rm -rf` of a large cache) keeps changing the count: the alarm waits
 * until two looks agree, so it says how much really went — but not forever.
 */
const MAX_SETTLE_LOOKS = 20;
/** Events come in bursts (a tree removed entry by entry): one look after they settle. */
const SETTLE_MS = 250;

/**
 * Watches the caches cheaply — events on a handful of folders plus a stat-free listing every
 * 30 s — and raises `cache-lost` when a root vanishes or a large share of its versions goes at
 * once. A loss lasts until the cache comes back or a snapshot of it as it is now is taken.
 */
export class CacheWatcher {
  private monitors: CacheMonitor[] = [];
  private readonly lost = new Map<WatchedCache, CacheLost>();
  /** Drops seen but not yet settled: the last look, and how many looks so far. */
  private readonly suspected = new Map<WatchedCache, { found: CacheLost; looks: number }>();
  private readonly listeners = new Set<() => void>();
  private readonly dirWatch: DirWatch;
  private armed = new Set<string>();
  private timer: unknown = null;
  private timerAt = Infinity;
  private running = false;
  private checking: Promise<void> | null = null;
  private again = false;
  private readonly offStore: () => void;
  private readonly offJobs: () => void;

  constructor(private readonly d: CacheWatcherDeps) {
    this.dirWatch = new DirWatch(() => this.request(SETTLE_MS), d.logger);
    // A snapshot may settle a loss (the user backed the cache up as it is now).
    this.offStore = d.events.on('store.changed', () => {
      if (this.lost.size) this.request(0);
    });
    // A restore usually ends a loss, and writes too deep in the cache for the folder watch to see.
    this.offJobs = d.events.on('job.finished', ({ job }) => {
      if (this.lost.size && RESTORES.has(job.command)) this.request(0);
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.monitors = await this.d.monitors();
    const now = this.d.clock.now();
    for (const m of this.monitors) await m.init(now);
    this.d.logger.info('watching the caches', { roots: this.monitors.map((m) => m.root) });
    await this.check();
  }

  stop(): void {
    this.running = false;
    this.dirWatch.close();
    if (this.timer !== null) this.d.clock.clearTimeout(this.timer);
    this.timer = null;
    this.offStore();
    this.offJobs();
  }

  /** Called when a cache is lost or comes back. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  losses(): CacheLost[] {
    return [...this.lost.values()];
  }

  isLost(cache: WatchedCache): boolean {
    return this.lost.has(cache);
  }

  async status(): Promise<WatchStatus> {
    return {
      running: this.running,
      thresholdPercent: await this.d.thresholdPercent(),
      // A root that is gone is still watched through its parent.
      caches: this.monitors.map((m) => m.state(m.dirs.some((dir) => this.armed.has(dir)))),
      lost: this.losses(),
    };
  }

  /** Looks at the caches after `delay` ms (sooner requests win). */
  request(delay: number): void {
    if (!this.running) return;
    const at = this.d.clock.now() + delay;
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) this.d.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      void this.check();
    }, delay);
  }

  /** One look at every cache; overlapping requests are folded into one more look. */
  check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.again = false;
          await this.look();
        } while (this.again && this.running);
      } catch (e) {
        this.d.logger.error('cache watch failed', { error: String((e as Error)?.stack ?? e) });
      } finally {
        this.checking = null;
        this.request(this.d.periodMs ?? PERIOD_MS);
      }
    })();
    return this.checking;
  }

  private async look(): Promise<void> {
    const threshold = await this.d.thresholdPercent();
    let changed = false;
    for (const m of this.monitors) {
      const now = this.d.clock.now();
      const loss = this.lost.get(m.cache);
      if (loss) {
        if (await m.resolved(loss, now, threshold)) {
          this.lost.delete(m.cache);
          this.d.logger.info('cache back', { cache: m.cache, root: m.root });
          changed = true;
        } else {
          // Still going (or partly back): the loss says what is gone now.
          const now2 = await m.examine(now, threshold);
          if (now2 && (now2.gone !== loss.gone || now2.now !== loss.now)) {
            this.lost.set(m.cache, { ...now2, at: loss.at });
            changed = true;
          }
        }
        continue;
      }
      const found = await m.examine(now, threshold);
      const seen = this.suspected.get(m.cache);
      if (!found) {
        this.suspected.delete(m.cache);
        m.rebase(now);
      } else if (
        !seen ||
        (seen.looks < MAX_SETTLE_LOOKS &&
          (seen.found.now !== found.now || seen.found.gone !== found.gone))
      ) {
        // Seen once, or still changing: look again shortly (a deletion may be under way, a
        // cleanup's audit entries may still be on their way).
        this.suspected.set(m.cache, { found, looks: (seen?.looks ?? 0) + 1 });
        this.request(this.d.confirmMs ?? CONFIRM_MS);
      } else {
        this.suspected.delete(m.cache);
        this.lost.set(m.cache, found);
        this.d.logger.warn('cache-lost', { ...found });
        this.d.events.emit('cache-lost', found);
        changed = true;
      }
    }
    const dirs = this.monitors.flatMap((m) => m.dirs).filter((dir) => this.d.eventsWork(dir));
    this.armed = this.dirWatch.sync(dirs);
    if (changed) for (const fn of this.listeners) fn();
  }
}
