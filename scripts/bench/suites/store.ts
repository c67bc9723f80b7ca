import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchRow, BenchSuite } from '../context';
import { ratioRow } from '../context';
import { measureMedian } from '../measure';
import { peerFigure, runPeers } from '../peers';

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(full) : statSync(full).size;
  }
  return n;
}

const mib = (bytes: number) => bytes / (1024 * 1024);

/** Issue 3's figures: first snapshot, store size and no-op snapshot vs restic; peak memory. */
export const storeSuite: BenchSuite = {
  name: 'store',
  description: 'modvault snapshot vs restic/borg backup of the same module cache (peers.sh)',
  async run(ctx) {
    ctx.log('peers.sh (restic and borg: full backup, no-op backup, repository size)');
    const peers = await runPeers(ctx.gomodcache, path.join(ctx.work, 'peers'));
    const peer = (k: string) => peerFigure(peers, k);
    const store = path.join(ctx.work, 'store');
    const args = [ctx.cli, 'snapshot', '--json', '--store', store];
    ctx.log('modvault snapshot into an empty store');
    const first = await measureMedian(process.execPath, args, {
      env: ctx.corpusEnv,
      runs: ctx.runs,
      before: () => rm(store, { recursive: true, force: true }),
    });
    const storeBytes = dirBytes(store);
    ctx.log('modvault snapshot of the unchanged cache');
    const noop = await measureMedian(process.execPath, args, {
      env: ctx.corpusEnv,
      runs: ctx.runs,
    });
    const result = JSON.parse(noop.stdout) as { versions: number; newVersions: number };
    if (result.newVersions !== 0)
      throw new Error(`the no-op snapshot read ${result.newVersions} versions again`);
    const resticBytes = peer('restic store_bytes');
    const rows: BenchRow[] = [
      ratioRow(
        'first snapshot wall time',
        first.seconds,
        peer('restic snapshot_s'),
        'restic backup',
        0.6,
      ),
      {
        metric: 'store size',
        value: mib(storeBytes),
        unit: 'MiB',
        versus: `restic repository ${mib(resticBytes).toFixed(1)} MiB`,
        ratio: storeBytes / resticBytes,
        target: '≤ 0.35×',
        pass: storeBytes / resticBytes <= 0.35,
      },
      ratioRow(
        'no-op snapshot wall time',
        noop.seconds,
        peer('restic noop_snapshot_s'),
        'restic no-op backup',
        0.15,
      ),
      {
        metric: 'peak memory (first snapshot)',
        value: Math.max(first.maxRssMb, noop.maxRssMb),
        unit: 'MiB',
        target: '≤ 250 MB',
        pass: Math.max(first.maxRssMb, noop.maxRssMb) <= 250,
      },
      ratioRow(
        'first snapshot vs borg',
        first.seconds,
        peer('borg snapshot_s'),
        'borg create',
        0.6,
      ),
      {
        metric: 'store size vs borg',
        value: mib(storeBytes),
        unit: 'MiB',
        versus: `borg repository ${mib(peer('borg store_bytes')).toFixed(1)} MiB`,
        ratio: storeBytes / peer('borg store_bytes'),
      },
      ratioRow(
        'no-op snapshot vs borg',
        noop.seconds,
        peer('borg noop_snapshot_s'),
        'borg no-op create',
        0.15,
      ),
      { metric: `versions in the snapshot`, value: result.versions, unit: 'count' },
    ];
    return rows;
  },
};
