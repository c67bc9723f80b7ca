import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ScheduleView } from '../../shared/dto/schedule';
import type { SnapshotSummary } from '../../shared/dto/store';
import type { CacheLost } from '../../shared/dto/watch';
import type { GoFixture } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import type { RunningDaemon } from '../helpers/daemon';
import { startDaemon } from '../helpers/daemon';
import { copyFixture } from '../helpers/fixture';
import { removeTree } from '../helpers/temp';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';

const FIXTURE_VERSIONS = 8;

async function cli<T>(fx: GoFixture, args: string[], asNobody = false): Promise<T> {
  const res = await runCli([...args, '--json'], { env: fx.env, asNobody });
  expect(res.code, `${args.join(' ')}: ${res.stdout}\n${res.stderr}`).toBe(0);
  return res.json<T>();
}

function daemon(fx: GoFixture, opts: { asNobody?: boolean } = {}): RunningDaemon {
  const d = startDaemon(fx.env, {
    args: ['--log', path.join(fx.root, 'logs', 'daemon.log')],
    ...opts,
  });
  onTestFinished(async () => {
    await d.stop('SIGKILL');
  });
  return d;
}

const done = (l: { msg: string }) => l.msg === 'scheduled backup done';

describe.each([
  { user: 'root', asNobody: false },
  { user: 'nobody', asNobody: true },
])('modvault daemon (as $user)', ({ asNobody }) => {
  it.skipIf(asNobody && !canDropPrivileges)(
    'takes a snapshot every 2 s, reports a deleted cache within 5 s, then holds the schedule',
    async () => {
      const fx = await copyFixture();
      if (asNobody) await giveToNobody(fx.root);
      const add = ['schedule', 'add', '--every', '2s', '--keep-last', '10'];
      const s = await cli<ScheduleView>(fx, add, asNobody);
      const d = daemon(fx, { asNobody });
      await d.waitFor((l) => l.msg === 'daemon started', 20_000);
      await d.waitFor(done, 20_000);
      const second = await d.waitFor((l) => done(l) && l !== d.lines.find(done), 20_000);
      const snaps = await cli<SnapshotSummary[]>(fx, ['snapshots'], asNobody);
      expect(snaps.length).toBeGreaterThanOrEqual(2);
      expect(snaps.map((x) => x.id)).toContain(second.snapshot);
      expect(snaps.every((x) => x.versions === FIXTURE_VERSIONS)).toBe(true);

      const deletedAt = Date.now();
      await removeTree(fx.gomodcache);
      const lost = (await d.waitFor((l) => l.msg === 'cache-lost', 5000)) as unknown as CacheLost;
      expect(Date.now() - deletedAt).toBeLessThan(5000);
      expect(lost).toMatchObject({
        cache: 'gomodcache',
        root: fx.gomodcache,
        reason: 'root-missing',
        before: FIXTURE_VERSIONS,
        gone: FIXTURE_VERSIONS,
        snapshot: { has: FIXTURE_VERSIONS },
      });
      // The snapshot to restore from is one of the daemon's, taken before the deletion.
      expect(snaps.map((x) => x.id)).toContain(lost.snapshot!.id);
      // Held: no scheduled snapshot of the deleted cache in the next two slots.
      const mark = d.lines.length;
      await new Promise((r) => setTimeout(r, 4500));
      expect(d.lines.slice(mark).filter((l) => l.msg === 'scheduled backup started')).toEqual([]);

      expect(await d.stop('SIGTERM')).toBe(0);
      expect(d.lines.at(-1)).toMatchObject({ msg: 'daemon stopping', signal: 'SIGTERM' });
      // The log file holds the same lines.
      const log = await readFile(path.join(fx.root, 'logs', 'daemon.log'), 'utf8');
      expect(log).toContain('"msg":"cache-lost"');
      const [after] = await cli<ScheduleView[]>(fx, ['schedule', 'list'], asNobody);
      expect(after!.id).toBe(s.id);
      expect(after!.state.lastSuccessAt).not.toBeNull();
      // A slot may have come between the deletion and the alarm: it failed, saying why.
      if (after!.state.lastError)
        expect(after!.state.lastError.message).toMatch(/module cache .* does not exist/);
    },
    60_000,
  );
});

describe('modvault daemon', () => {
  it('notices at start a cache deleted while nothing watched (against the newest snapshot)', async () => {
    const fx = await copyFixture();
    const snap = await cli<{ id: string }>(fx, ['snapshot']);
    await removeTree(fx.gomodcache);
    const d = daemon(fx);
    const lost = await d.waitFor((l) => l.msg === 'cache-lost', 15_000);
    expect(lost).toMatchObject({
      reason: 'root-missing',
      gone: FIXTURE_VERSIONS,
      snapshot: { id: snap.id, has: FIXTURE_VERSIONS },
    });
  }, 30_000);

  it('--install --print shows the systemd unit; --install writes it where systemd looks', async () => {
    const fx = await copyFixture();
    const printed = await runCli(['daemon', '--install', '--print', '--json'], { env: fx.env });
    expect(printed.code).toBe(0);
    const p = printed.json<{
      kind: string;
      file: string;
      written: boolean;
      content: string;
      activate: string[];
    }>();
    expect(p).toMatchObject({
      kind: 'systemd user unit',
      file: path.join(fx.env.HOME!, '.config', 'systemd', 'user', 'modvault.service'),
      written: false,
    });
    expect(p.content).toContain(`--gomodcache ${fx.gomodcache}`);
    expect(p.content).toContain(`--store ${fx.env.MODVAULT_STORE}`);
    expect(p.content).toMatch(/^ExecStart=\S*node\S* \S*cli\.mjs daemon /m);
    const wrote = await runCli(['daemon', '--install'], { env: fx.env });
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(wrote.stdout).toContain('systemctl --user enable --now modvault.service');
    expect(await readFile(p.file, 'utf8')).toBe(p.content);
  });
});
