import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderIcons, STATES } from '../../scripts/icons/render.mjs';

const resources = path.resolve(import.meta.dirname, '..', '..', 'resources');

describe('icons', () => {
  let icons: Map<string, Buffer>;
  beforeAll(() => {
    icons = renderIcons();
  }, 120_000);

  it('the committed resources/ icons are exactly what scripts/icons draws', async () => {
    for (const state of STATES)
      for (const suffix of ['.png', '@2x.png', 'Template.png', 'Template@2x.png', '.ico'])
        expect(icons.has(`tray/${state}${suffix}`)).toBe(true);
    for (const [name, bytes] of icons) {
      const committed = await readFile(path.join(resources, name)).catch(() => null);
      expect(committed, `${name}: run node scripts/icons/make-icons.mjs`).not.toBeNull();
      expect(Buffer.compare(committed!, bytes), name).toBe(0);
    }
  });

  it('are well-formed PNG and ICO files of the announced sizes', () => {
    const png = icons.get('icons/256x256.png')!;
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([256, 256]);
    const template = icons.get('tray/idleTemplate.png')!;
    expect([template.readUInt32BE(16), template.readUInt32BE(20)]).toEqual([16, 16]);
    const ico = icons.get('icon.ico')!;
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 7]);
    const sizes = Array.from({ length: 7 }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});
