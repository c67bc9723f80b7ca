import type { Clock } from '../../electron/engine/platform/clock';

/** A clock that moves only when the test says so; timers fire during advance(). */
export class ManualClock implements Clock {
  private time = 1_000_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + Math.max(0, ms), fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      // An overdue timer (after sleep()) fires late, at the current time.
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }

  /**
   * The machine sleeps: time passes but no timer fires until the next advance(), when the
   * overdue ones fire late — as Node's timers do after a suspend.
   */
  sleep(ms: number): void {
    this.time += ms;
  }

  /** When the next timer is due, or null without one. */
  nextDueAt(): number | null {
    return this.timers.reduce<number | null>((m, t) => (m === null || t.at < m ? t.at : m), null);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}
