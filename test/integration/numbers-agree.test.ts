import { readdirSync, lstatSync, truncateSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/dto/cache';
import type { QuarantineInfo } from '../../shared/dto/clean';
import type { SnapshotSummary } from '../../shared/dto/store';
import { formatBytes } from '../../shared/format';
import { downloadFile } from '../helpers/cache-damage';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot } from '../helpers/store';

// One byte count per thing: whichever command reports a size, it is the same number, and it
// is what the files really take.

/** Apparent size of every file under a folder (what `du --apparent-size` adds up). */
function filesBytes(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const st = lstatSync(path.join(dir, name));
    if (st.isFile()) n += st.size;
  }
  return n;
}

describe('sizes that agree', () => {
  it('the store: `snapshot`, `snapshots` and the files on disk say the same', async () => {
    const fx = await copyFixture();
    for (let i = 0; i < 2; i++) {
      const snap = await snapshot(fx);
      expect(snap.code).toBe(0);
      const list = await runCli(['snapshots'], { env: fx.env });
      const shown = /Store .* · (.+) in \d+ packs/.exec(list.stdout)![1];
      expect(shown).toBe(formatBytes(snap.result.storeBytes));
      expect(snap.result.storeBytes).toBe(filesBytes(fx.env.MODVAULT_STORE!));
    }
  });

  it('a quarantine made by a doctor repair lists the size of what it holds', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    truncateSync(downloadFile(fx.gomodcache, 'example.com/lib', 'v1.0.0', 'zip'), 300);
    const fix = await runCli(['doctor', '--fix', '--json'], { env: fx.env });
    expect(fix.stderr).toBe('');
    const list = await runCli(['quarantine', 'list', '--json'], { env: fx.env });
    const [q] = list.json<QuarantineInfo[]>();
    expect(q).toMatchObject({ origin: 'doctor', items: 1 });
    expect(q!.bytes).toBe(filesBytes(path.join(q!.folders[0]!, q!.id, 'data')));
    expect(q!.bytes).toBeGreaterThan(300);
  });
});

describe('the size history', () => {
  it('each snapshot records the cache on disk as the scan (and the dashboard) counts it', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const scan = (await runCli(['scan', '--json'], { env: fx.env })).json<ScanReport>();
    const [s] = (await runCli(['snapshots', '--json'], { env: fx.env })).json<SnapshotSummary[]>();
    expect(s!.diskBytes).toBe(scan.totals.zipBytes + scan.totals.treeBytes);
    // Not the unpacked size of everything it holds, which counts unextracted zips twice over.
    expect(s!.bytes).not.toBe(s!.diskBytes);
  });

  it('a store made before it gains the column: older snapshots say null, the next one records it', async () => {
    const fx = await copyFixture();
    const old = await snapshot(fx);
    // The store as ModVault wrote it at schema 4.
    const db = new Database(path.join(fx.env.MODVAULT_STORE!, 'index.sqlite'));
    // (Every later migration's schema goes too, so that all of them apply again.)
    db.exec('DROP TABLE IF EXISTS blob_bases');
    db.exec('ALTER TABLE snapshots DROP COLUMN disk_bytes');
    db.pragma('user_version = 4');
    db.close();
    const next = await snapshot(fx);
    const list = (await runCli(['snapshots', '--json'], { env: fx.env })).json<SnapshotSummary[]>();
    const byId = new Map(list.map((s) => [s.id, s]));
    expect(byId.get(old.result.id)).toMatchObject({
      diskBytes: null,
      versions: old.result.versions,
    });
    expect(byId.get(next.result.id)!.diskBytes).toBeGreaterThan(0);
  });
});
