import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobFinished, JobStarted } from '../../shared/dto/jobs';
import type { AppError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { GoFixture } from '../fixtures/go-fixture';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot } from '../helpers/store';
import { startUiServer } from '../helpers/ui-server';
import { canDropPrivileges, giveToNobody } from '../helpers/unprivileged';
import { WsClient } from '../helpers/ws-client';

/**
 * A folder nobody may list, in the way of any walk: a restore that looked at its target before
 * refusing it would stop on "permission denied" here instead of saying why the target is wrong.
 */
async function tripwire(fx: GoFixture): Promise<void> {
  const trap = path.join(fx.env.HOME!, 'trap');
  await mkdir(path.join(trap, 'x@v1.0.0'), { recursive: true });
  await chmod(trap, 0o000);
}

async function refusedRestore(fx: GoFixture, target: string, asNobody = false): Promise<AppError> {
  const res = await runCli(['restore', '--dry-run', '--json', '--target-gomodcache', target], {
    env: fx.env,
    asNobody,
  });
  expect(res.code, res.stderr).toBe(2);
  const { error } = res.json<{ error: AppError }>();
  expect(error.code, error.message).toBe('UNSAFE_PATH');
  expect(error.fix).toMatch(/--target-gomodcache DIR/);
  return error;
}

describe('paths are checked before any work starts', () => {
  it.skipIf(!canDropPrivileges)(
    'restore into the home folder (also through "..") is refused before the target is read',
    async () => {
      const fx = await copyFixture();
      expect((await snapshot(fx)).code).toBe(0);
      await giveToNobody(fx.root);
      await tripwire(fx);
      const home = fx.env.HOME!;
      expect((await refusedRestore(fx, home, true)).message).toBe(
        `Refusing to restore into ${home}: it is your home folder.`,
      );
      expect((await refusedRestore(fx, `${home}/go/pkg/../..`, true)).message).toContain(
        'your home folder',
      );
      // A parent of the home folder too.
      expect((await refusedRestore(fx, fx.root, true)).message).toContain(
        'a parent of your home folder',
      );
    },
  );

  it('restore into /, a system folder, or a symlink to one is refused at once', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const up = path.join(fx.root, ...Array(fx.root.split('/').length).fill('..'));
    expect((await refusedRestore(fx, up)).message).toMatch(/: it is the root of a file system\.$/);
    expect((await refusedRestore(fx, '/etc')).message).toContain('the system folder /etc');
    expect((await refusedRestore(fx, '/usr/lib/go-cache')).message).toContain(
      'inside the system folder /usr/lib',
    );
    const link = path.join(fx.root, 'looks-harmless');
    await symlink('/etc', link);
    expect((await refusedRestore(fx, path.join(link, 'mod'))).message).toContain(
      `${path.join(link, 'mod')} (/etc/mod): it is inside the system folder /etc`,
    );
    // --gomodcache names the live cache: the same rule.
    const live = await runCli(['restore', '--dry-run', '--gomodcache', '/'], { env: fx.env });
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/Refusing to restore into \/: it is the root of a file system/);
  });

  it('a backup store at /, in the home folder or a system folder is refused before it is written', async () => {
    const fx = await copyFixture();
    const home = fx.env.HOME!;
    // A writer sweeps the store's tmp/: here that would be the user's own ~/tmp.
    await mkdir(path.join(home, 'tmp'), { recursive: true });
    await writeFile(path.join(home, 'tmp', 'mine.txt'), 'keep me');
    for (const [store, why] of [
      [home, 'your home folder'],
      ['/', 'the root of a file system'],
      ['/var', 'the system folder /var'],
    ]) {
      const res = await runCli(['snapshot', '--store', store!], { env: fx.env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(`Refusing to keep the backup store in ${store}: it is ${why}.`);
    }
    expect(await readFile(path.join(home, 'tmp', 'mine.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(path.join(home, 'index.sqlite'))).toBe(false);
  });

  it('an import from /, the home folder or a system folder is refused before it is walked', async () => {
    const fx = await copyFixture();
    for (const [src, why] of [
      ['/', 'the root of a file system'],
      [fx.env.HOME!, 'your home folder'],
      ['/usr/share', 'the system folder /usr/share'],
    ]) {
      const res = await runCli(['import', src!], { env: fx.env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(`Refusing to import from ${src}: it is ${why}.`);
    }
  });

  it('paths from a browser tab must be absolute; a restore plan into / fails before it scans', async () => {
    const fx = await copyFixture();
    expect((await snapshot(fx)).code).toBe(0);
    const ui = await startUiServer(fx.env);
    try {
      const client = await WsClient.open(ui.port, ui.token);
      const relative: [string, unknown][] = [
        ['restore.plan', { target: 'mod' }],
        ['restore.plan', { projects: ['projects/alpha'] }],
        ['store.export', { snapshot: 'latest', format: 'zip', out: 'out.zip' }],
        ['cache.verify', { projects: ['.'] }],
        ['settings.update', { projectRoots: ['~/src'] }],
      ];
      for (const [cmd, req] of relative)
        expect(await client.call(cmd, req), cmd).toMatchObject({
          ok: false,
          error: {
            code: 'INVALID_INPUT',
            message: expect.stringMatching(/must be an absolute path/),
          },
        });
      const started = (await client.call('restore.plan', { target: '/' })) as Result<JobStarted>;
      expect(started.ok).toBe(true);
      const jobId = (started as { ok: true; value: JobStarted }).value.jobId;
      const done = await client.waitFor('job.finished', (f: JobFinished) => f.job.id === jobId);
      expect(done.job.status).toBe('failed');
      expect(done.job.error).toMatchObject({
        code: 'UNSAFE_PATH',
        message: 'Refusing to restore into /: it is the root of a file system.',
      });
      // No phase of the plan ran: the first progress after "starting" is the failure.
      const phases = client.events
        .filter((e) => e.evt === 'job.progress' && (e.payload as { id: string }).id === jobId)
        .map((e) => (e.payload as { progress: { phase: string } }).progress.phase);
      expect(phases.filter((p) => p !== 'starting' && p !== 'queued')).toEqual([]);
      client.close();
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });
});
