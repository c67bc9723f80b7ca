import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { measure } from '../measure';

const WARMUP_S = 10;
const MEASURE_S = 60;

/** utime + stime of a process (all its threads), in seconds. */
function cpuSeconds(pid: number, ticksPerSecond: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** A line of /proc/<pid>/status in bytes (VmRSS, VmHWM). */
function statusBytes(pid: number, key: 'VmRSS' | 'VmHWM' | 'RssAnon'): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return Number(m?.[1] ?? 0) * 1024;
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const MB = 1e6;
const SETTLE_S = 40;

/** CPU share and the largest RSS of a process over MEASURE_S seconds, sampled every second. */
async function sample(
  pid: number,
  ticks: number,
): Promise<{ percent: number; rssMax: number; anonMax: number }> {
  const cpu0 = cpuSeconds(pid, ticks);
  const t0 = performance.now();
  let rssMax = 0;
  let anonMax = 0;
  for (let i = 0; i < MEASURE_S; i++) {
    await sleep(1);
    rssMax = Math.max(rssMax, statusBytes(pid, 'VmRSS'));
    anonMax = Math.max(anonMax, statusBytes(pid, 'RssAnon'));
  }
  const percent = ((cpuSeconds(pid, ticks) - cpu0) / ((performance.now() - t0) / 1000)) * 100;
  return { percent, rssMax, anonMax };
}

/**
 * Issue 7's figures: `modvault daemon` idle — its schedule not due, the 276-version corpus
 * watched (filesystem events plus a listing every 30 s) — CPU from /proc/<pid>/stat over a
 * minute and memory (RSS), with a temp store holding a snapshot of the corpus.
 */
export const daemonSuite: BenchSuite = {
  name: 'daemon',
  description: `idle daemon CPU over ${MEASURE_S} s and memory, watching the 276-version corpus`,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const work = path.join(ctx.work, 'daemon');
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    const env = {
      ...ctx.corpusEnv,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: path.join(work, 'home'),
      MODVAULT_STORE: path.join(work, 'store'),
      MODVAULT_DATA: path.join(work, 'data'),
    };
    ctx.log('first snapshot of the corpus into a temp store (what a watched cache has)');
    const snap = await measure(process.execPath, [ctx.cli, 'snapshot', '--json'], { env });
    if (snap.code !== 0) throw new Error(`snapshot failed:\n${snap.stderr}`);
    // A daily schedule twelve hours away: nothing is due while the idle daemon is measured.
    const at = new Date(Date.now() + 12 * 3_600_000);
    const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const cli = (args: string[]) =>
      execFileSync(process.execPath, [ctx.cli, ...args], { env, stdio: 'ignore' });
    cli(['schedule', 'add', '--daily', hhmm, '--keep-daily', '7']);
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const daemon = spawn(
      process.execPath,
      [ctx.cli, 'daemon', '--log', path.join(work, 'daemon.log')],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    daemon.stdout.on('data', (d: Buffer) => (out += d.toString()));
    daemon.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => daemon.on('exit', (code) => r(code)));
    try {
      for (let i = 0; !out.includes('"msg":"daemon started"'); i++) {
        if (i > 200 || daemon.exitCode !== null)
          throw new Error(`the daemon did not start:\n${out}`);
        await sleep(0.1);
      }
      const pid = daemon.pid!;
      ctx.log(`daemon ${pid} started; ${WARMUP_S} s warm-up, then ${MEASURE_S} s measured`);
      await sleep(WARMUP_S);
      const idle = await sample(pid, ticks);
      if (!out.includes('"msg":"watching the caches"'))
        throw new Error(`the daemon is not watching the corpus:\n${out}`);
      // Then once more after the daemon ran a backup (a snapshot of the unchanged corpus) and its
      // worker threads went idle: what a daemon that has been working for a while holds.
      const runAt = new Date(Date.now() + 5000);
      cli([
        'schedule',
        'add',
        '--cron',
        `${runAt.getSeconds()} ${runAt.getMinutes()} ${runAt.getHours()} * * *`,
      ]);
      for (let i = 0; !out.includes('"msg":"scheduled backup done"'); i++) {
        if (i > 600) throw new Error(`no scheduled backup ran:\n${out}`);
        await sleep(0.1);
      }
      ctx.log(
        `scheduled backup done; ${SETTLE_S} s for the workers to exit, then ${MEASURE_S} s measured`,
      );
      await sleep(SETTLE_S);
      const after = await sample(pid, ticks);
      const hwm = statusBytes(pid, 'VmHWM');
      return [
        ...idleRows(`over ${MEASURE_S} s (276 versions watched)`, idle),
        ...idleRows('after a scheduled backup', after),
        { metric: 'peak memory since start (VmHWM)', value: hwm / MB, unit: 'MB' },
      ];
    } finally {
      daemon.kill('SIGTERM');
      await exited;
    }
  },
};

/** CPU and memory of one idle minute, against issue 7's targets. */
function idleRows(
  when: string,
  m: { percent: number; rssMax: number; anonMax: number },
): BenchRow[] {
  return [
    {
      metric: `idle CPU ${when}`,
      value: m.percent,
      unit: '%',
      target: '< 1 %',
      pass: m.percent < 1,
    },
    {
      metric: `idle memory (RSS, max over the minute) ${when}`,
      value: m.rssMax / MB,
      unit: 'MB',
      target: '< 80 MB',
      pass: m.rssMax < 80 * MB,
    },
    // RSS counts the pages of the node binary the process has touched (shared, clean); its own
    // heap and buffers are the anonymous part.
    { metric: '  of which private (RssAnon)', value: m.anonMax / MB, unit: 'MB' },
  ];
}
