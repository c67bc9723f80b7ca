import { describe, expect, it } from 'vitest';
import { abortable } from '../../../electron/engine/platform/abortable';

describe('abortable', () => {
  it('settles with the promise when the signal stays quiet', async () => {
    await expect(abortable(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(
      abortable(Promise.reject(new Error('x')), new AbortController().signal),
    ).rejects.toThrow('x');
  });

  it('rejects as canceled at once when aborted, leaving the shared work alone', async () => {
    const controller = new AbortController();
    let finish!: (v: string) => void;
    const shared = new Promise<string>((r) => (finish = r));
    const waiting = abortable(shared, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELED' });
    finish('still useful to others');
    await expect(shared).resolves.toBe('still useful to others');
    await expect(abortable(shared, AbortSignal.abort())).rejects.toMatchObject({
      code: 'CANCELED',
    });
  });
});
