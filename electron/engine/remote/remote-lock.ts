import { randomBytes } from 'node:crypto';
import { EngineError } from '../errors';
import { mapLimit } from '../platform/concurrency';
import type { ObjectStore } from './object-store';
import { LOCKS } from './remote-repo';

interface LockDoc {
  kind: 'push' | 'prune';
  host: string;
  pid: number;
  command: string;
  startedAt: string;
  expiresAt: number;
}

/** A lock not refreshed for this long is abandoned (its machine crashed or lost the network). */
const TTL_MS = 10 * 60_000;
const REFRESH_MS = 2 * 60_000;

export interface RemoteLock {
  release(): Promise<void>;
}

/**
 * Pruning deletes packs, so it must not run while a push relies on what it saw: a push writes
 * a "push" lock object and a prune a "prune" one, each then lists the others. Pushes share;
 * a prune runs alone. Both sides write before they look, so of two that start together at
 * least one sees the other and backs off. Locks carry an expiry and are refreshed while held.
 * Restores take none (they may run with read-only keys); a restore racing a prune fails
 * cleanly and is run again.
 */
export class RemoteLocks {
  constructor(
    private readonly objects: ObjectStore,
    private readonly owner: { host: string; pid: number; now: () => number },
  ) {}

  async acquire(kind: LockDoc['kind'], command: string, signal?: AbortSignal): Promise<RemoteLock> {
    const key = `${LOCKS}${kind}-${this.owner.now()}-${randomBytes(6).toString('hex')}`;
    const doc = (): LockDoc => ({
      kind,
      host: this.owner.host,
      pid: this.owner.pid,
      command,
      startedAt: new Date(started).toISOString(),
      expiresAt: this.owner.now() + TTL_MS,
    });
    const started = this.owner.now();
    const write = () =>
      this.objects.put(key, Buffer.from(JSON.stringify(doc())), {
        contentType: 'application/json',
        signal,
      });
    await write();
    const release = async () => {
      clearInterval(timer);
      await this.objects.delete(key).catch(() => {});
    };
    const timer = setInterval(() => void write().catch(() => {}), REFRESH_MS);
    timer.unref();
    try {
      const others = (await this.live(signal)).filter((o) => o.key !== key);
      const blocking = others.filter((o) => kind === 'prune' || o.doc.kind === 'prune');
      if (blocking.length > 0) {
        const b = blocking[0]!.doc;
        throw new EngineError(
          'LOCKED',
          `${this.objects.label} is in use: ${b.kind === 'prune' ? 'a prune' : 'a push'} from ${b.host} (pid ${b.pid}, since ${b.startedAt}).`,
          {
            fix:
              kind === 'prune'
                ? 'Prune when no push is running; a lock whose machine stopped expires 10 minutes after its last refresh.'
                : 'Push again when the prune has finished (it removes only what no snapshot needs).',
          },
        );
      }
    } catch (e) {
      await release();
      throw e;
    }
    return { release };
  }

  /** Unexpired locks; expired ones are removed on the way. */
  async live(signal?: AbortSignal): Promise<{ key: string; doc: LockDoc }[]> {
    const entries = await this.objects.list(LOCKS, signal);
    const docs = await mapLimit(entries, 8, async (e) => {
      const raw = await this.objects.get(e.key, { signal });
      try {
        return raw ? { key: e.key, doc: JSON.parse(raw.toString('utf8')) as LockDoc } : null;
      } catch {
        return null;
      }
    });
    const now = this.owner.now();
    const out: { key: string; doc: LockDoc }[] = [];
    for (const d of docs) {
      if (!d) continue;
      if (typeof d.doc.expiresAt === 'number' && d.doc.expiresAt > now) out.push(d);
      else await this.objects.delete(d.key, signal).catch(() => {});
    }
    return out;
  }
}
