export type ToastTone = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body?: string;
  action?: { label: string; run: () => void };
  /** How many times this same message came: shown once, with "×n". */
  count: number;
}

/** Confirmations go quickly; errors stay long enough to be read (the Activity page keeps them). */
const LIFETIME_MS: Record<ToastTone, number> = {
  info: 6000,
  success: 6000,
  warning: 12000,
  error: 20000,
};
const MAX_SHOWN = 4;

/**
 * Short messages in a corner. The same message again is one toast with a count, not a second
 * toast; each fades after its tone's lifetime, paused while the pointer or focus is on it.
 */
export class Toasts {
  items = $state<Toast[]>([]);
  private nextId = 1;
  // Timers are bookkeeping, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private paused = false;

  show(toast: Omit<Toast, 'id' | 'count'>): number {
    const same = this.items.find(
      (t) => t.tone === toast.tone && t.title === toast.title && t.body === toast.body,
    );
    if (same) {
      // The newest action wins (it names the newest job); the toast moves to the end.
      this.items = [
        ...this.items.filter((t) => t !== same),
        { ...same, action: toast.action, count: same.count + 1 },
      ];
      this.arm(same.id, toast.tone);
      return same.id;
    }
    const id = this.nextId++;
    const kept = this.items.slice(-(MAX_SHOWN - 1));
    for (const t of this.items) if (!kept.includes(t)) this.clearTimer(t.id);
    this.items = [...kept, { ...toast, id, count: 1 }];
    this.arm(id, toast.tone);
    return id;
  }

  dismiss(id: number): void {
    this.clearTimer(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** While the user reads or reaches for a toast, none of them goes away. */
  hold(on: boolean): void {
    if (on === this.paused) return;
    this.paused = on;
    if (on) for (const id of [...this.timers.keys()]) this.clearTimer(id);
    else for (const t of this.items) this.arm(t.id, t.tone);
  }

  private arm(id: number, tone: ToastTone): void {
    this.clearTimer(id);
    if (this.paused) return;
    this.timers.set(
      id,
      setTimeout(() => this.dismiss(id), LIFETIME_MS[tone]),
    );
  }

  private clearTimer(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }
}
