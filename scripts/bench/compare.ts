import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './context';
import type { Contender, Measurement } from './measure';
import { measure } from './measure';
import type { BackupTool } from './tools';
import { backupTools, clearDir, dirBytes } from './tools';

export type FigureName = 'first' | 'noop' | 'full' | 'quick';

/** Medians of one figure for one tool: wall and CPU separately, the largest peak memory. */
export interface Figure {
  wall: number;
  cpu: number;
  rssMb: number;
  load: number;
}

export interface ToolFigures {
  label: string;
  figures: Partial<Record<FigureName, Figure>>;
  storeBytes: number;
}

export interface Comparison {
  corpus: string;
  sourceBytes: number;
  restoreInto: string;
  tools: ToolFigures[];
  notes: string[];
  uptimeBefore: string;
  uptimeAfter: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function summarize(ms: Measurement[]): Figure {
  return {
    wall: median(ms.map((m) => m.seconds)),
    cpu: median(ms.map((m) => m.cpuSeconds)),
    rssMb: Math.max(...ms.map((m) => m.maxRssMb)),
    load: median(ms.map((m) => m.load)),
  };
}

export const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

async function run(c: Contender): Promise<Measurement> {
  await c.before?.();
  const m = await measure(c.cmd, c.args, c);
  if (m.code !== 0)
    throw new Error(
      `${c.cmd} ${c.args.join(' ')} exited with ${m.code}:\n${m.stderr.slice(-2000)}`,
    );
  return m;
}

/**
 * Restores are timed into tmpfs (the VM disk slows as it fills and would time the disk, not
 * the tool), when it has room for the corpus twice; otherwise into the work folder.
 */
function restoreRoot(ctx: BenchContext, bytes: number): string {
  const shm = '/dev/shm';
  try {
    const s = statfsSync(shm);
    if (s.bavail * s.bsize > 2 * bytes) return path.join(shm, 'modvault-bench-restore');
  } catch {
    /* no tmpfs here */
  }
  return path.join(ctx.work, 'restore-target');
}

/**
 * ModVault and every peer on one module cache, interleaved: each round runs every tool's first
 * backup in turn, then every no-op backup, then every restore, so that all of them meet the
 * same disk and neighbours. Medians of `ctx.runs` rounds.
 */
export async function compareTools(
  ctx: BenchContext,
  opts: { peers: boolean; label: string },
): Promise<Comparison> {
  const work = path.join(ctx.work, 'compare');
  const { tools: all, notes } = backupTools(ctx, ctx.corpusEnv, ctx.gomodcache, work);
  const tools: BackupTool[] = opts.peers ? all : all.slice(0, 1);
  const sourceBytes = dirBytes(ctx.gomodcache);
  const root = restoreRoot(ctx, sourceBytes);
  const uptimeBefore = uptime();
  const ms = tools.map(() => ({
    first: [] as Measurement[],
    noop: [] as Measurement[],
    full: [] as Measurement[],
    quick: [] as Measurement[],
    bytes: [] as number[],
  }));
  const target = (i: number) => path.join(root, String(i));
  for (let r = 0; r < ctx.runs; r++) {
    ctx.log(`${opts.label} round ${r + 1}/${ctx.runs}: first backups (${uptime()})`);
    for (const [i, t] of tools.entries()) {
      await t.reset();
      execFileSync('sync');
      const m = await run(t.backup);
      t.check?.('backup', m);
      ms[i]!.first.push(m);
      ms[i]!.bytes.push(t.repoBytes());
      ctx.log(`  ${t.label}: ${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(2)} s)`);
    }
    ctx.log(`${opts.label} round ${r + 1}: no-op backups`);
    for (const [i, t] of tools.entries()) {
      const m = await run(t.backup);
      if (t.label === 'ModVault' && (JSON.parse(m.stdout) as { newVersions: number }).newVersions)
        throw new Error('the no-op snapshot read versions again');
      ms[i]!.noop.push(m);
    }
    ctx.log(`${opts.label} round ${r + 1}: restores into ${root}`);
    for (const [i, t] of tools.entries()) {
      const kinds: [FigureName, ((d: string) => Contender) | undefined][] = [
        ['full', (d) => t.restore(d)],
        ['quick', t.quickRestore?.bind(t)],
      ];
      for (const [kind, make] of kinds) {
        if (!make) continue;
        await clearDir(target(i));
        execFileSync('sync');
        const m = await run(make(target(i)));
        t.check?.('restore', m);
        ms[i]![kind].push(m);
        ctx.log(
          `  ${t.label} ${kind}: ${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(2)} s)`,
        );
      }
      await clearDir(target(i));
    }
  }
  await clearDir(root);
  return {
    corpus: ctx.corpus,
    sourceBytes,
    restoreInto: root.startsWith('/dev/shm') ? 'tmpfs' : 'disk',
    notes,
    uptimeBefore,
    uptimeAfter: uptime(),
    tools: tools.map((t, i) => {
      const x = ms[i]!;
      const figures: ToolFigures['figures'] = {};
      for (const k of ['first', 'noop', 'full', 'quick'] as const)
        if (x[k].length) figures[k] = summarize(x[k]);
      return { label: t.label, figures, storeBytes: median(x.bytes) };
    }),
  };
}
