import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

describe('the Node version the project says it needs', () => {
  it('is enough for every package `npm ci` installs (no EBADENGINE warning on the oldest Node allowed)', () => {
    const pkg = read('package.json') as { engines: { node: string } };
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    const lock = read('package-lock.json') as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const refused: string[] = [];
    for (const [where, p] of Object.entries(lock.packages)) {
      const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
      if (!where || !range) continue;
      if (!semver.satisfies(oldest, range, { includePrerelease: true }))
        refused.push(`${where.replace(/^.*node_modules\//, '')}@${p.version} needs Node ${range}`);
    }
    expect(refused, `package.json says Node ${pkg.engines.node}`).toEqual([]);
  });

  it('is the Node the machines run, at least', () => {
    const pkg = read('package.json') as { engines: { node: string } };
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });
});
