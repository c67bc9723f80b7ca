import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { RestoreResult } from '../../../shared/dto/restore';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { ratioRow } from '../context';
import type { Contender, Measurement } from '../measure';
import { measureInterleaved } from '../measure';
import { peerFigure, runPeers } from '../peers';

/** Removes a restored cache (Go's read-only trees), then writes out dirty pages: every run starts even. */
async function clear(dir: string): Promise<void> {
  if (existsSync(dir)) execFileSync('chmod', ['-R', 'u+w', dir]);
  await rm(dir, { recursive: true, force: true });
  execFileSync('sync');
}

function result(m: Measurement): RestoreResult {
  const r = JSON.parse(m.stdout) as RestoreResult;
  if (r.failed.length || r.mismatches.length || r.verified !== r.restored)
    throw new Error(`the restore did not verify: ${m.stdout.slice(0, 2000)}`);
  return r;
}

/** `go build ./...` and `go mod verify` of the corpus project against a restored cache, offline. */
function buildsOffline(ctx: BenchContext, gomodcache: string, work: string): boolean {
  // A copy of the project and a scratch build cache: the shared corpus is never written to.
  const project = path.join(work, 'project');
  cpSync(path.join(ctx.corpus, 'project'), project, { recursive: true });
  const env = {
    ...process.env,
    ...ctx.corpusEnv,
    GOMODCACHE: gomodcache,
    GOCACHE: path.join(work, 'gocache'),
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
  };
  try {
    execFileSync('go', ['build', '-o', '/dev/null', './...'], { cwd: project, env, stdio: 'pipe' });
    const out = execFileSync('go', ['mod', 'verify'], { cwd: project, env, encoding: 'utf8' });
    return out.includes('all modules verified');
  } catch (e) {
    ctx.log(
      `the corpus project does not build offline: ${String((e as { stderr?: unknown }).stderr ?? e)}`,
    );
    return false;
  }
}

/** Issue 4's figures: full and quick restore of the corpus vs restic's restore of the same cache. */
export const restoreSuite: BenchSuite = {
  name: 'restore',
  description: 'modvault restore (full, quick) vs restic/borg restore of the same module cache',
  async run(ctx) {
    const work = path.join(ctx.work, 'restore');
    ctx.log('peers.sh (restic and borg: backup, then restore of the same cache)');
    const peers = await runPeers(ctx.gomodcache, path.join(work, 'peers'));
    const borg = peerFigure(peers, 'borg restore_s');
    const resticOnce = peerFigure(peers, 'restic restore_s');

    const store = path.join(work, 'store');
    await rm(store, { recursive: true, force: true });
    ctx.log('modvault snapshot of the corpus (the store restored from)');
    execFileSync(process.execPath, [ctx.cli, 'snapshot', '--json', '--store', store], {
      env: { ...process.env, ...ctx.corpusEnv },
      stdio: ['ignore', 'ignore', 'inherit'],
    });

    // restic's restore again, in turn with ours (the repository peers.sh made): the same disk
    // conditions for both.
    const resticOut = path.join(work, 'restic-out');
    const target = path.join(work, 'gopath', 'pkg', 'mod');
    const before = async () => {
      await clear(resticOut);
      await clear(target);
    };
    const restore = (mode: string, extra: string[] = []): Contender => ({
      cmd: process.execPath,
      args: [ctx.cli, 'restore', '--json', '--store', store, '--mode', mode].concat(
        ['--target-gomodcache', target],
        extra,
      ),
      env: ctx.corpusEnv,
      before,
    });
    ctx.log(
      `restic restore, modvault restore full, full --no-links and quick, in turn × ${ctx.runs}`,
    );
    const m = await measureInterleaved(
      {
        restic: {
          cmd: 'restic',
          args: ['-r', path.join(work, 'peers', 'restic'), 'restore', 'latest', '-q'].concat([
            '--target',
            resticOut,
          ]),
          env: { RESTIC_PASSWORD: 'bench' },
          before,
        },
        full: restore('full'),
        copies: restore('full', ['--no-links']),
        quick: restore('quick'),
      },
      ctx.runs,
    );
    const restic = m.restic.seconds;
    const full = m.full;
    const fullResult = result(full);
    result(m.copies);
    const copies = m.copies;
    const quick = m.quick;
    const quickResult = result(quick);
    await clear(resticOut);
    await clear(path.join(work, 'peers'));
    const builds = buildsOffline(ctx, target, work);
    await clear(target);

    const rows: BenchRow[] = [
      ratioRow('full restore wall time', full.seconds, restic, 'restic restore', 0.8),
      ratioRow('quick restore wall time', quick.seconds, restic, 'restic restore', 0.25),
      {
        metric: 'corpus project builds offline after quick',
        value: builds ? 1 : 0,
        unit: 'count',
        target: 'go build + go mod verify succeed',
        pass: builds,
      },
      {
        metric: 'full restore, --no-links (separate copies)',
        value: copies.seconds,
        unit: 's',
        versus: `restic restore ${restic.toFixed(2)} s`,
        ratio: copies.seconds / restic,
      },
      {
        metric: 'restic restore alone (peers.sh, before any of ours)',
        value: resticOnce,
        unit: 's',
      },
      {
        metric: 'full restore vs borg',
        value: full.seconds,
        unit: 's',
        versus: `borg extract ${borg.toFixed(2)} s`,
        ratio: full.seconds / borg,
      },
      {
        metric: 'peak memory (full restore)',
        value: full.maxRssMb,
        unit: 'MiB',
      },
      { metric: 'versions restored and verified', value: fullResult.verified, unit: 'count' },
      {
        metric: 'bytes written by quick restore',
        value: quickResult.bytesWritten / (1024 * 1024),
        unit: 'MiB',
      },
    ];
    await rm(work, { recursive: true, force: true });
    return rows;
  },
};
