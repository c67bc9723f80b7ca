import { describe, expect, it } from 'vitest';
import { ArchivePolicy, safeEntryName } from '../../../electron/engine/store/archive-policy';
import type { ExportManifest } from '../../../electron/engine/store/export-manifest';

const manifest: ExportManifest = {
  format: 'modvault-export',
  formatVersion: 1,
  snapshot: { id: 'abcd1234', time: '2024-01-01T00:00:00.000Z', host: 'h', gomodcache: '/m' },
  versions: [
    { path: 'example.com/Lib', version: 'v1.0.0', h1: 'h1:x', files: 3, bytes: 1000, zip: true },
    { path: 'example.com/modonly', version: 'v0.1.0', h1: '', files: 0, bytes: 0, zip: false },
  ],
};
const file = (name: string, size = 10) => ({ name, type: 'file' as const, size });

describe('ArchivePolicy', () => {
  it('cleans names and refuses every way out of the destination', () => {
    expect(safeEntryName('a/b/c.mod')).toBe('a/b/c.mod');
    expect(safeEntryName('a/b/')).toBe('a/b');
    for (const bad of ['', '/etc/x', '../x', 'a/../../x', 'a//b', 'a\\b', 'C:/x', 'a/./b', 'x\0y'])
      expect(safeEntryName(bad), JSON.stringify(bad)).toBeNull();
    const p = new ArchivePolicy('/a.tar.gz');
    expect(p.admit(file('./example.com/lib/@v/v1.0.0.mod'))).toBe('example.com/lib/@v/v1.0.0.mod');
    expect(() => p.admit({ name: 'x', type: 'file', size: 1, nameIsUtf8: false })).toThrow(
      /outside its folder/,
    );
  });

  it('with its manifest: only the files it lists, each within its size', () => {
    const p = new ArchivePolicy('/a.zip');
    p.useManifest(manifest);
    expect(p.admit(file('example.com/!lib/@v/v1.0.0.zip', 1000))).toBe(
      'example.com/!lib/@v/v1.0.0.zip',
    );
    p.admit(file('example.com/!lib/@v/list'));
    p.admit(file('example.com/modonly/@v/v0.1.0.mod'));
    expect(() => p.admit(file('example.com/modonly/@v/v0.1.0.zip'))).toThrow(
      /not part of the export its manifest describes/,
    );
    expect(() => p.admit(file('example.com/!lib/@v/v1.0.0.info', 2 << 20))).toThrow(
      /is 2(\.0+)? MiB, more than the 1(\.0+)? MiB its manifest allows/,
    );
  });

  it('entries seen before a late manifest must be in it too', () => {
    const p = new ArchivePolicy('/old.tar.gz');
    p.admit(file('example.com/other/@v/v1.0.0.mod'));
    expect(() => p.useManifest(manifest)).toThrow(/"example\.com\/other\/@v\/v1\.0\.0\.mod"/);
  });

  it('refuses duplicates, file/folder clashes and entries past the manifest count', () => {
    const p = new ArchivePolicy('/a.tar.gz');
    p.admit(file('example.com/m/@v/list'));
    expect(() => p.admit(file('EXAMPLE.com/m/@v/LIST'))).toThrow(/case-insensitive/);
    expect(() => p.admit({ name: 'example.com/m/@v/list/x', type: 'dir', size: 0 })).toThrow(
      /both as a file and as a folder/,
    );
    const q = new ArchivePolicy('/b.tar.gz');
    q.useManifest(manifest);
    expect(() => {
      for (let i = 0; i < 100; i++) q.admit({ name: `d${i}`, type: 'dir', size: 0 });
    }).toThrow(/more than \d+ entries, more than its manifest describes/);
  });

  it('stops at the decompression ratio, beyond the floor', () => {
    const p = new ArchivePolicy('/bomb.tar.gz', { ratio: 10, floorBytes: 1000, maxEntries: 10 });
    p.count(1000, 0);
    p.count(1000, 100);
    expect(() => p.count(1, 100)).toThrow(/unpacks to more than 10 times its compressed size/);
  });
});
