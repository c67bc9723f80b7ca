import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext, BenchSuite } from '../context';
import { ratioRow } from '../context';
import { measureMedian } from '../measure';

/**
 * A module requiring the newest version of every corpus module, so `go mod verify` checks one
 * version of each (69), as in the handbook's reference figure, from the cache alone.
 */
async function verifyAllProject(ctx: BenchContext): Promise<string> {
  const corpus = JSON.parse(readFileSync(path.join(ctx.corpus, 'corpus.json'), 'utf8')) as {
    versions: Record<string, string[]>;
  };
  const dir = path.join(ctx.work, 'verify-all');
  await mkdir(dir, { recursive: true });
  const reqs = Object.entries(corpus.versions).map(([m, vs]) => `\t${m} ${vs[vs.length - 1]}`);
  await writeFile(
    path.join(dir, 'go.mod'),
    `module example.com/verifyall\n\ngo 1.19\n\nrequire (\n${reqs.join('\n')}\n)\n`,
  );
  return dir;
}

/** Issue 2's figures: scan vs `du -s`, deep verify vs `go mod verify` (per version), memory. */
export const foundationSuite: BenchSuite = {
  name: 'foundation',
  description: 'modvault scan vs du -s; modvault verify --deep vs go mod verify',
  async run(ctx) {
    const env = ctx.corpusEnv;
    ctx.log('du -s');
    const du = await measureMedian('du', ['-s', ctx.gomodcache], { runs: ctx.runs });
    ctx.log('modvault scan');
    const scan = await measureMedian(process.execPath, [ctx.cli, 'scan', '--json'], {
      env,
      runs: ctx.runs,
    });
    const versions = (JSON.parse(scan.stdout) as { totals: { versions: number } }).totals.versions;

    ctx.log('go mod verify (one version of every corpus module)');
    const project = await verifyAllProject(ctx);
    const goList = await measureMedian('go', ['list', '-m', 'all'], { env, cwd: project, runs: 1 });
    const goVersions = goList.stdout.trim().split('\n').length - 1;
    const goVerify = await measureMedian('go', ['mod', 'verify'], {
      env,
      cwd: project,
      runs: ctx.runs,
    });

    ctx.log('modvault verify --deep');
    const verify = await measureMedian(process.execPath, [ctx.cli, 'verify', '--deep', '--json'], {
      env,
      runs: ctx.runs,
    });
    const perOurs = verify.seconds / versions;
    const perGo = goVerify.seconds / Math.max(1, goVersions);
    return [
      {
        ...ratioRow('scan wall time', scan.seconds, du.seconds, 'du -s', 1.3),
        cpuSeconds: scan.cpuSeconds,
      },
      { metric: 'scan peak memory', value: scan.maxRssMb, unit: 'MiB' },
      { metric: 'du -s', value: du.seconds, unit: 's', cpuSeconds: du.cpuSeconds },
      {
        metric: `verify --deep wall time (${versions} versions)`,
        value: verify.seconds,
        unit: 's',
        cpuSeconds: verify.cpuSeconds,
      },
      {
        metric: 'verify --deep per version',
        value: perOurs,
        unit: 's',
        versus: `go mod verify ${perGo.toFixed(4)} s/version (${goVersions} versions in ${goVerify.seconds.toFixed(2)} s, cpu ${goVerify.cpuSeconds.toFixed(2)} s)`,
        ratio: perOurs / perGo,
        target: '≤ 0.3×',
        pass: perOurs <= 0.3 * perGo,
      },
      {
        metric: 'verify --deep peak memory',
        value: verify.maxRssMb,
        unit: 'MiB',
        target: '≤ 250 MB',
        pass: verify.maxRssMb * 1024 * 1024 <= 250e6,
      },
    ];
  },
};
