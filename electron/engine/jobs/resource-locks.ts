/**
 * In-process mutual exclusion on named resources ("store:/path", "gomodcache:/path").
 * A job takes all its keys at once or waits, first come first served, so two writers never
 * touch the same store or cache and two jobs cannot deadlock on each other's keys.
 */
export class ResourceLocks {
  private readonly held = new Set<string>();
  private readonly waiters: { keys: string[]; grant: () => void }[] = [];

  isHeld(key: string): boolean {
    return this.held.has(key);
  }

  acquire(keys: readonly string[], signal?: AbortSignal): Promise<() => void> {
    const wanted = [...new Set(keys)];
    return new Promise((resolve, reject) => {
      const grant = () => {
        for (const k of wanted) this.held.add(k);
        signal?.removeEventListener('abort', onAbort);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          for (const k of wanted) this.held.delete(k);
          this.drain();
        });
      };
      const waiter = { keys: wanted, grant };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
        // Requests queued behind this one may have been waiting only for it.
        if (i >= 0) this.drain();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.drain();
    });
  }

  private drain(): void {
    // Strict FIFO: a later waiter never overtakes an earlier one that shares a key with it.
    const blocked = new Set<string>();
    for (let i = 0; i < this.waiters.length;) {
      const w = this.waiters[i]!;
      const free = w.keys.every((k) => !this.held.has(k) && !blocked.has(k));
      if (free) {
        this.waiters.splice(i, 1);
        w.grant();
      } else {
        for (const k of w.keys) blocked.add(k);
        i++;
      }
    }
  }
}
