import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeContext, NoCorpusError } from '../../scripts/bench/context';
import { buildCorpus } from '../../scripts/bench/corpus';
import { copyFixture } from '../helpers/fixture';
import { offline } from '../helpers/go';
import { tempDir } from '../helpers/temp';

const run = promisify(execFile);
const BENCH = path.resolve(import.meta.dirname, '..', '..', 'dist', 'node', 'bench.mjs');

describe('npm run bench without a corpus', () => {
  it('says how to build one (and that `corpus small` does), with no stack trace', async () => {
    const missing = path.join(await tempDir('modvault-nocorpus-'), 'none');
    const r = await run(process.execPath, [BENCH, 'store'], {
      env: { ...process.env, MODVAULT_CORPUS: missing },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No benchmark corpus at ${missing}`);
    expect(r.stderr).toContain('npm run bench -- corpus small');
    expect(r.stderr).toContain('docs/benchmarks.md');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(() => makeContext({ corpus: missing })).toThrow(NoCorpusError);
  });

  it('`corpus` builds one the suites accept: the real go command downloads it, and its project builds offline', async () => {
    // The small corpus comes from the public proxy; the same builder runs here on the fixture's
    // file:// proxy, so the test stays offline.
    const fx = await copyFixture();
    const out = path.join(await tempDir('modvault-corpus-'), 'c');
    const built = await buildCorpus(
      {
        modules: [
          { path: 'example.com/lib', versions: ['v1.0.0', 'v1.1.0'] },
          { path: 'example.com/Upper/Case', versions: ['v1.0.0', 'v1.1.0'] },
        ],
        project: [{ module: 'example.com/lib', pkg: 'example.com/lib', use: 'lib.Version' }],
      },
      out,
      fx.env.GOPROXY!,
      () => {},
    );
    expect(built.versions).toBe(4);
    const ctx = makeContext({ corpus: out });
    for (const v of ['example.com/lib@v1.1.0', 'example.com/!upper/!case@v1.0.0'])
      expect(existsSync(path.join(ctx.gomodcache, v))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, 'corpus.json'), 'utf8'))).toEqual({
      modules: ['example.com/lib', 'example.com/Upper/Case'],
      versions: {
        'example.com/lib': ['v1.0.0', 'v1.1.0'],
        'example.com/Upper/Case': ['v1.0.0', 'v1.1.0'],
      },
    });
    const build = await run('go', ['build', '-o', '/dev/null', '.'], {
      cwd: path.join(out, 'project'),
      env: offline({ ...fx.env, ...ctx.corpusEnv }),
    });
    expect(build.stderr).toBe('');
    // Two module downloads and a build with an empty build cache (the standard library too).
  }, 240_000);
});
