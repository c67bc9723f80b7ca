import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RepoKeys, SEGMENT } from '../../../electron/engine/remote/repo-crypto';

describe('remote encryption', () => {
  it('seals and opens objects of every size, whole and by byte range', async () => {
    const { keys } = await RepoKeys.create('pass');
    for (const size of [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17]) {
      const plain = randomBytes(size);
      const sealed = keys.seal('packs/x', plain);
      expect(sealed.length).toBe(RepoKeys.sealedSize(size));
      expect(keys.open('packs/x', sealed).equals(plain)).toBe(true);
      if (size < 2) continue;
      for (const range of [
        { start: 0, end: size - 1 },
        { start: 1, end: Math.min(size - 1, SEGMENT + 5) },
        { start: size - 1, end: size - 1 },
      ]) {
        const r = RepoKeys.sealedRange(range);
        const header = sealed.subarray(r.header.start, r.header.end + 1);
        const segs = sealed.subarray(r.segments.start, r.segments.end + 1);
        const got = keys.openRange('packs/x', header, segs, range, size);
        expect(got.equals(plain.subarray(range.start, range.end + 1))).toBe(true);
      }
    }
  });

  it('refuses a flipped bit, a truncated object, an object under another name', async () => {
    const { keys } = await RepoKeys.create('pass');
    const sealed = keys.seal('packs/a', randomBytes(2 * SEGMENT + 3));
    const flipped = Buffer.from(sealed);
    flipped[SEGMENT + 40]! ^= 1;
    expect(() => keys.open('packs/a', flipped)).toThrow(/authentication check/);
    // Dropping the last segment leaves an object whose (new) last segment is not marked last.
    expect(() => keys.open('packs/a', sealed.subarray(0, sealed.length - 19))).toThrow(
      /authentication/,
    );
    expect(() => keys.open('packs/b', sealed)).toThrow(/packs\/b failed its authentication/);
  });

  it('tells a wrong passphrase apart, and derives the same keys from the right one', async () => {
    const { keys, params } = await RepoKeys.create('right');
    await expect(RepoKeys.open('wrong', params, 'remote x')).rejects.toThrow(
      /Wrong passphrase for remote x/,
    );
    const again = await RepoKeys.open('right', params, 'remote x');
    const sealed = keys.seal('k', Buffer.from('hello'));
    expect(again.open('k', sealed).toString()).toBe('hello');
    // Names are keyed: the same content has another name under another passphrase.
    const other = (await RepoKeys.create('right')).keys;
    expect(keys.name('pack', 'ab'.repeat(32))).toBe(again.name('pack', 'ab'.repeat(32)));
    expect(other.name('pack', 'ab'.repeat(32))).not.toBe(keys.name('pack', 'ab'.repeat(32)));
    expect(keys.name('pack', 'ab'.repeat(32))).not.toContain('abab');
  });
});
