import { describe, expect, it } from 'vitest';
import { ResourceLocks } from '../../../electron/engine/jobs/resource-locks';

const tick = () => new Promise((r) => setImmediate(r));

/** Records the order in which lock requests are granted. */
function tracker(locks: ResourceLocks) {
  const granted: string[] = [];
  const releases = new Map<string, () => void>();
  const request = (name: string, keys: string[], signal?: AbortSignal) => {
    const p = locks.acquire(keys, signal).then((release) => {
      granted.push(name);
      releases.set(name, release);
    });
    return p;
  };
  return { granted, release: (name: string) => releases.get(name)!(), request };
}

describe('ResourceLocks', () => {
  it('grants free keys at once and serializes holders of one key, first come first served', async () => {
    const locks = new ResourceLocks();
    const t = tracker(locks);
    void t.request('a', ['store:/s']);
    void t.request('b', ['store:/s']);
    void t.request('c', ['store:/s']);
    await tick();
    expect(t.granted).toEqual(['a']);
    expect(locks.isHeld('store:/s')).toBe(true);
    t.release('a');
    await tick();
    expect(t.granted).toEqual(['a', 'b']);
    t.release('b');
    await tick();
    expect(t.granted).toEqual(['a', 'b', 'c']);
    t.release('c');
    expect(locks.isHeld('store:/s')).toBe(false);
  });

  it('takes all keys or none, and never lets a later request overtake on a shared key', async () => {
    const locks = new ResourceLocks();
    const t = tracker(locks);
    void t.request('holder', ['x']);
    void t.request('both', ['x', 'y']);
    void t.request('y-only', ['y']);
    void t.request('z-only', ['z']);
    await tick();
    // 'both' waits for x without holding y; 'y-only' queues behind it; 'z-only' is unrelated.
    expect(t.granted).toEqual(['holder', 'z-only']);
    expect(locks.isHeld('y')).toBe(false);
    t.release('holder');
    await tick();
    expect(t.granted).toEqual(['holder', 'z-only', 'both']);
    expect(locks.isHeld('y')).toBe(true);
    t.release('both');
    await tick();
    expect(t.granted).toEqual(['holder', 'z-only', 'both', 'y-only']);
  });

  it('lets the requests queued behind an abandoned one go ahead', async () => {
    const locks = new ResourceLocks();
    const t = tracker(locks);
    const controller = new AbortController();
    void t.request('holder', ['x']);
    const abandoned = t.request('both', ['x', 'y'], controller.signal);
    void t.request('y-only', ['y']);
    await tick();
    expect(t.granted).toEqual(['holder']);
    controller.abort(new Error('gave up'));
    await expect(abandoned).rejects.toThrow('gave up');
    await tick();
    // y is free and nobody ahead wants it any more.
    expect(t.granted).toEqual(['holder', 'y-only']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const locks = new ResourceLocks();
    await expect(locks.acquire(['x'], AbortSignal.abort(new Error('no')))).rejects.toThrow('no');
    expect(locks.isHeld('x')).toBe(false);
  });

  it('releases once even when release is called twice, and tolerates duplicate keys', async () => {
    const locks = new ResourceLocks();
    const release = await locks.acquire(['x', 'x']);
    const t = tracker(locks);
    void t.request('next', ['x']);
    release();
    await tick();
    expect(t.granted).toEqual(['next']);
    release();
    expect(locks.isHeld('x')).toBe(true);
  });
});
