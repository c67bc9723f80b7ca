import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import type { Measurement } from '../measure';
import { measure, measureMedian } from '../measure';

const TO_QUARANTINE = 200;

interface Corpus {
  versions: Record<string, string[]>;
}

/** A private copy of the corpus module cache: quarantine renames inside it, never in the corpus. */
async function copyCache(ctx: BenchContext, dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true }).catch(() =>
    execFileSync('chmod', ['-R', 'u+w', dir]),
  );
  await rm(dir, { recursive: true, force: true });
  const gopath = path.join(dir, 'gopath');
  await mkdir(path.join(gopath, 'pkg'), { recursive: true });
  ctx.log(`copying the corpus module cache to ${gopath} (cp -a)`);
  execFileSync('cp', ['-a', ctx.gomodcache, path.join(gopath, 'pkg', 'mod')]);
  // 1.6 GiB of fresh dirty pages would slow every rename measured next: write them out first.
  execFileSync('sync');
  return gopath;
}

/** A project whose go.sum names all corpus versions but TO_QUARANTINE of them. */
async function projectUsingAllBut(ctx: BenchContext, dir: string, corpus: Corpus): Promise<number> {
  const all = Object.entries(corpus.versions).flatMap(([m, vs]) => vs.map((v, i) => ({ m, v, i })));
  // Oldest versions first across modules, so each module keeps some and loses some.
  all.sort((a, b) => a.i - b.i || a.m.localeCompare(b.m));
  const used = all.slice(0, all.length - TO_QUARANTINE);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'go.mod'), 'module example.com/bench200\n\ngo 1.19\n');
  await writeFile(
    path.join(dir, 'go.sum'),
    used.map(({ m, v }) => `${m} ${v} h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`).join(''),
  );
  return all.length;
}

function json<T>(m: Measurement, what: string): T {
  if (m.code !== 0) throw new Error(`${what} exited with ${m.code}:\n${m.stderr.slice(-2000)}`);
  return JSON.parse(m.stdout) as T;
}

/** Issue 5's figures: planning `clean unused` for the corpus; quarantining and undoing 200 versions. */
export const cleanSuite: BenchSuite = {
  name: 'clean',
  description: 'clean unused plan (276 versions, one project); quarantine + undo of 200 versions',
  async run(ctx) {
    const work = path.join(ctx.work, 'clean');
    const corpus = JSON.parse(readFileSync(path.join(ctx.corpus, 'corpus.json'), 'utf8')) as Corpus;
    const gopath = await copyCache(ctx, path.join(work, 'cache'));
    const env = {
      ...ctx.corpusEnv,
      GOPATH: gopath,
      GOMODCACHE: path.join(gopath, 'pkg', 'mod'),
      GOCACHE: path.join(work, 'gocache'),
      // Settings, audit log and quarantine registry stay in the bench folder.
      HOME: path.join(work, 'home'),
      MODVAULT_DATA: path.join(work, 'data'),
    };
    const cli = (args: string[]) => [ctx.cli, ...args, '--json'];

    ctx.log('clean unused --dry-run with the corpus project');
    const plan = await measureMedian(
      process.execPath,
      cli(['clean', 'unused', '--project-root', path.join(ctx.corpus, 'project'), '--dry-run']),
      { env, runs: ctx.runs },
    );
    const planned = json<{ items: unknown[]; kept: unknown[]; durationMs: number }>(
      plan,
      'clean unused --dry-run',
    );
    const versions = planned.items.length + planned.kept.length;

    const project = path.join(work, 'project200');
    const total = await projectUsingAllBut(ctx, project, corpus);
    const quarantines: Measurement[] = [];
    const undos: Measurement[] = [];
    const engineMs = { quarantine: [] as number[], undo: [] as number[] };
    for (let i = 0; i < ctx.runs; i++) {
      ctx.log(`quarantine ${TO_QUARANTINE} versions and undo (run ${i + 1}/${ctx.runs})`);
      const q = await measure(
        process.execPath,
        cli(['clean', 'unused', '--project-root', project]),
        { env },
      );
      const result = json<{
        items: unknown[];
        quarantineId: string;
        failed: unknown[];
        durationMs: number;
      }>(q, 'clean unused');
      if (result.items.length !== TO_QUARANTINE || result.failed.length)
        throw new Error(
          `expected ${TO_QUARANTINE} versions quarantined, got ${result.items.length} (${result.failed.length} failed)`,
        );
      quarantines.push(q);
      engineMs.quarantine.push(result.durationMs);
      const u = await measure(process.execPath, cli(['quarantine', 'undo', result.quarantineId]), {
        env,
      });
      const undone = json<{ restored: number; durationMs: number }>(u, 'quarantine undo');
      engineMs.undo.push(undone.durationMs);
      if (undone.restored !== TO_QUARANTINE) throw new Error(`undo restored ${undone.restored}`);
      undos.push(u);
    }
    const scan = json<{ totals: { versions: number } }>(
      await measure(process.execPath, cli(['scan']), { env }),
      'scan',
    );
    if (scan.totals.versions !== total)
      throw new Error(`after undo the cache holds ${scan.totals.versions} versions, not ${total}`);
    const median = (list: Measurement[]) =>
      [...list].sort((a, b) => a.seconds - b.seconds)[Math.floor(list.length / 2)]!;
    const q = median(quarantines);
    const u = median(undos);
    if (existsSync(work))
      await rm(path.join(work, 'cache'), { recursive: true, force: true }).catch(() => {});
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! / 1000;
    // Whole CLI runs (node start included) against the targets; the engine's own time beside.
    const rows: BenchRow[] = [
      {
        metric: `plan clean unused (${versions} versions, 1 project)`,
        value: plan.seconds,
        unit: 's',
        target: '< 1 s',
        pass: plan.seconds < 1,
      },
      {
        metric: `quarantine ${TO_QUARANTINE} versions`,
        value: q.seconds,
        unit: 's',
        target: '< 2 s',
        pass: q.seconds < 2,
      },
      {
        metric: `undo ${TO_QUARANTINE} versions`,
        value: u.seconds,
        unit: 's',
        target: '< 2 s',
        pass: u.seconds < 2,
      },
      {
        metric: '  engine time of the plan (last run)',
        value: planned.durationMs / 1000,
        unit: 's',
      },
      { metric: `  engine time of quarantine`, value: mid(engineMs.quarantine), unit: 's' },
      { metric: `  engine time of undo`, value: mid(engineMs.undo), unit: 's' },
      {
        metric: 'plan / quarantine / undo peak memory',
        value: Math.max(plan.maxRssMb, q.maxRssMb, u.maxRssMb),
        unit: 'MiB',
      },
    ];
    return rows;
  },
};
