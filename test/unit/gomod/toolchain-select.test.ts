import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareGoVersions,
  goVersionOfToolchain,
  parseToolchainVersion,
  selectToolchain,
} from '../../../electron/engine/gomod/toolchain-module';
import { removeTree, tempDir } from '../../helpers/temp';

let dir: string;
let local: string;
beforeAll(async () => {
  dir = await tempDir('modvault-toolchain-select-');
  local = /\b(go\d+\.\d+(?:\.\d+)?)\b/.exec(
    execFileSync('go', ['version'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    }),
  )![1]!;
});
afterAll(() => removeTree(dir));

/**
 * What the real go command selects: run `go version` offline in a module with these lines; a
 * switch shows as "go: downloading <name>" (and then fails: nothing is fetched).
 */
function goSelects(gotoolchain: string, goLine: string | null, toolchainLine: string | null) {
  const mod = path.join(dir, `m${Math.random().toString(36).slice(2)}`);
  mkdirSync(mod);
  writeFileSync(
    path.join(mod, 'go.mod'),
    `module example.com/m\n${goLine ? `\ngo ${goLine}\n` : ''}${toolchainLine ? `\ntoolchain ${toolchainLine}\n` : ''}`,
  );
  const r = spawnSync('go', ['version'], {
    cwd: mod,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      GOENV: 'off',
      GOPROXY: 'off',
      GOMODCACHE: path.join(dir, 'empty-modcache'),
      GOTOOLCHAIN: gotoolchain,
    },
  });
  const switched = /go: downloading (\S+) \(/.exec(r.stderr);
  if (switched) return switched[1]!;
  const ran = /^go version (go\S+) /.exec(r.stdout);
  if (!ran) throw new Error(`go version said: ${r.stdout}${r.stderr}`);
  return ran[1]!;
}

describe('GOTOOLCHAIN selection (compared with what the real go command selects)', () => {
  const minor = () => Number(/^go1\.(\d+)/.exec(local)![1]);
  const cases = (): [string, string | null, string | null][] => {
    const m = minor();
    return [
      ['auto', `1.${m - 3}.0`, null],
      ['auto', `1.${m + 2}`, null],
      ['auto', `1.${m + 2}.1`, null],
      ['auto', `1.${m + 2}rc2`, null],
      ['auto', `1.${m}.0`, `go1.${m + 3}.4`],
      ['auto', `1.${m + 4}.0`, `go1.${m + 3}.4`],
      ['auto', `1.${m - 5}`, `go1.${m - 1}.0`],
      ['auto', `1.${m + 1}.0`, 'default'],
      ['auto', '1.20', null],
      ['local', `1.${m + 2}.0`, `go1.${m + 3}.0`],
      [`go1.${m - 2}.3`, `1.${m + 2}.0`, null],
      [`go1.${m - 2}.3+auto`, `1.${m - 4}.0`, null],
      [`go1.${m - 2}.3+auto`, `1.${m + 1}.2`, null],
      [`go1.${m + 1}.0+auto`, `1.${m}.0`, `go1.${m + 1}.5`],
      [`go1.${m + 1}.0+auto`, null, 'default'],
      ['path', `1.${m + 1}.0`, null],
    ];
  };

  it('agrees with go on every case', () => {
    for (const [gotoolchain, goLine, toolchainLine] of cases()) {
      const ours = selectToolchain({ local, gotoolchain, goLine, toolchainLine });
      // GOTOOLCHAIN=path never downloads: go only looks the name up in PATH.
      if (gotoolchain === 'path') {
        expect(ours).toBe(`go1.${minor() + 1}.0`);
        continue;
      }
      expect(ours, `GOTOOLCHAIN=${gotoolchain} go ${goLine} toolchain ${toolchainLine}`).toBe(
        goSelects(gotoolchain, goLine, toolchainLine),
      );
    }
  });
});

describe('Go version order and toolchain names (gover)', () => {
  it('orders language versions, release candidates and releases as Go does', () => {
    const sorted = ['1.9', '1.20', '1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.10', '1.22beta1'];
    for (let i = 0; i < sorted.length; i++)
      for (let j = 0; j < sorted.length; j++)
        expect(
          Math.sign(compareGoVersions(sorted[i]!, sorted[j]!)),
          `${sorted[i]} vs ${sorted[j]}`,
        ).toBe(Math.sign(i - j));
  });

  it('reads toolchain names and module versions', () => {
    expect(goVersionOfToolchain('go1.21.3')).toBe('1.21.3');
    expect(goVersionOfToolchain('go1.22.1-custom')).toBe('1.22.1');
    expect(goVersionOfToolchain('mycorp-go1.23.0')).toBe('1.23.0');
    expect(goVersionOfToolchain('default')).toBe('');
    expect(goVersionOfToolchain('go1.2x')).toBe('');
    expect(parseToolchainVersion('v0.0.1-go1.21.13.linux-amd64')).toEqual({
      name: 'go1.21.13',
      goos: 'linux',
      goarch: 'amd64',
    });
    expect(parseToolchainVersion('v0.0.1-go1.22rc1.darwin-arm64')?.name).toBe('go1.22rc1');
    expect(parseToolchainVersion('v1.0.0')).toBeNull();
  });
});
