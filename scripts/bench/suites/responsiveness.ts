import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { EngineClient } from '../../../shared/client';
import type { CommandInput, JobCommandName } from '../../../shared/contract';
import { EngineConnection } from '../../../electron/engine/link/engine-connection';
import { engineEndpoints } from '../../../electron/engine/link/engine-endpoint';
import { processAppDirs } from '../../../electron/engine/platform/app-paths';
import type { LoopStats } from '../../../electron/engine/platform/loop-probe';
import { silentLogger } from '../../../electron/engine/platform/logger';
import type { BenchContext, BenchRow, BenchSuite } from '../context';

/** Issue 13's budget: no task holds the engine's or the front end's event loop longer than this. */
const BUDGET_MS = 50;

interface Operation {
  name: string;
  cmd: JobCommandName;
  req: (run: string) => unknown;
}

const OPERATIONS: Operation[] = [
  { name: 'first snapshot', cmd: 'store.snapshot', req: () => ({}) },
  { name: 'no-op snapshot', cmd: 'store.snapshot', req: () => ({}) },
  { name: 'diff --current', cmd: 'store.diff', req: () => ({ from: 'latest', current: true }) },
  { name: 'verify --deep', cmd: 'cache.verify', req: () => ({ deep: true }) },
  {
    name: 'full restore',
    cmd: 'restore.run',
    req: (run) => ({ mode: 'full', target: path.join(run, 'restored') }),
  },
];

interface Sample {
  engine: LoopStats;
  frontEnd: LoopStats;
  seconds: number;
}

/** The desktop app's engine process (dist/node/engine.mjs) on a fresh store, its probe on. */
async function startEngine(
  ctx: BenchContext,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ctx.repoRoot, 'dist', 'node', 'engine.mjs')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type?: string }) => {
      if (m.type === 'ready') resolve();
      else if (m.type !== undefined) reject(new Error(`engine: ${JSON.stringify(m)}`));
    });
    child.once('exit', (code) => reject(new Error(`the engine exited with ${code}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    stop: async () => {
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

async function idle(client: EngineClient): Promise<void> {
  for (;;) {
    const jobs = await client.call('jobs.list', {});
    if (jobs.every((j) => ['succeeded', 'failed', 'canceled'].includes(j.status))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One pass over the operations with a fresh store: the loops' worst delays during each. */
async function pass(ctx: BenchContext, i: number): Promise<Map<string, Sample>> {
  const run = path.join(ctx.work, 'responsiveness', `run-${i}`);
  if (existsSync(run)) execFileSync('chmod', ['-R', 'u+w', run]);
  await rm(run, { recursive: true, force: true });
  await mkdir(run, { recursive: true });
  const env = {
    ...ctx.corpusEnv,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: path.join(run, 'home'),
    MODVAULT_STORE: path.join(run, 'store'),
    MODVAULT_DATA: path.join(run, 'data'),
    MODVAULT_LOOP_PROBE: '1',
  };
  const engine = await startEngine(ctx, env);
  const connection = new EngineConnection({
    endpoints: engineEndpoints(processAppDirs(env).configDir),
    hello: { client: 'desktop', origin: 'ipc', notifications: true },
    logger: silentLogger,
  });
  const client = new EngineClient({
    invoke: (cmd, req) => connection.call(cmd, req),
    on: (event, fn) => connection.on(event, fn),
  });
  // This process stands in for the desktop shell: the same link code, receiving the same frames.
  const front = monitorEventLoopDelay({ resolution: 1 });
  front.enable();
  const out = new Map<string, Sample>();
  try {
    await connection.ready();
    await idle(client); // the start-up scan
    for (const op of OPERATIONS) {
      await connection.probe('reset');
      front.reset();
      const t0 = performance.now();
      await client.runJob(op.cmd, op.req(run) as CommandInput<typeof op.cmd>);
      const seconds = (performance.now() - t0) / 1000;
      const engineStats = await connection.probe('read');
      if (!engineStats) throw new Error('the engine has no loop probe (MODVAULT_LOOP_PROBE)');
      out.set(op.name, {
        engine: engineStats,
        frontEnd: {
          maxMs: front.max / 1e6,
          p99Ms: front.percentile(99) / 1e6,
          samples: front.count,
        },
        seconds,
      });
      ctx.log(
        `run ${i + 1} ${op.name}: ${seconds.toFixed(1)} s, engine max ${engineStats.maxMs.toFixed(1)} ms p99 ${engineStats.p99Ms.toFixed(1)} ms, front end max ${(front.max / 1e6).toFixed(1)} ms`,
      );
    }
  } finally {
    front.disable();
    await connection.close();
    await engine.stop();
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Issue 13's figures: the longest task on the engine's event loop (and on the front end's,
 * which the desktop shell's is) during the first snapshot, a no-op snapshot, `diff --current`,
 * `verify --deep` and a full restore of the corpus; median of the runs, with the load average.
 */
export const responsivenessSuite: BenchSuite = {
  name: 'responsiveness',
  description: `event-loop delay (max, p99) of the engine process during long operations; budget ${BUDGET_MS} ms`,
  async run(ctx) {
    const load = loadavg()[0]!;
    const passes: Map<string, Sample>[] = [];
    for (let i = 0; i < ctx.runs; i++) passes.push(await pass(ctx, i));
    const rows: BenchRow[] = [];
    for (const op of OPERATIONS) {
      const samples = passes.map((p) => p.get(op.name)!);
      const engineMax = median(samples.map((s) => s.engine.maxMs));
      const frontMax = median(samples.map((s) => s.frontEnd.maxMs));
      rows.push(
        {
          metric: `${op.name}: engine loop max`,
          value: engineMax,
          unit: 'ms',
          target: `≤ ${BUDGET_MS} ms`,
          pass: engineMax <= BUDGET_MS,
        },
        {
          metric: `${op.name}: engine loop p99`,
          value: median(samples.map((s) => s.engine.p99Ms)),
          unit: 'ms',
        },
        {
          metric: `${op.name}: front end loop max`,
          value: frontMax,
          unit: 'ms',
          target: `≤ ${BUDGET_MS} ms`,
          pass: frontMax <= BUDGET_MS,
        },
        { metric: `${op.name}: duration`, value: median(samples.map((s) => s.seconds)), unit: 's' },
      );
    }
    rows.push({ metric: 'load average (1 min) at start', value: load, unit: 'count' });
    return rows;
  },
};
