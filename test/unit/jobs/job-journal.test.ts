import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { JobJournal } from '../../../electron/engine/jobs/job-journal';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { ResourceLocks } from '../../../electron/engine/jobs/resource-locks';
import { systemClock } from '../../../electron/engine/platform/clock';
import { silentLogger } from '../../../electron/engine/platform/logger';
import { EventBus } from '../../../electron/engine/rpc/event-bus';
import { removeTree, tempDir } from '../../helpers/temp';

function engine(file: string) {
  const events = new EventBus();
  const jobs = new JobRunner({
    events,
    clock: systemClock,
    locks: new ResourceLocks(),
    logger: silentLogger,
  });
  return { events, jobs, journal: new JobJournal(file, jobs, events, systemClock, silentLogger) };
}

describe('the job journal', () => {
  it('an engine that died mid-job: its successor lists that job as failed, saying why', async () => {
    const dir = await tempDir('modvault-journal-');
    onTestFinished(() => removeTree(dir));
    const file = path.join(dir, 'jobs.json');
    const first = engine(file);
    first.journal.start();
    const done = first.jobs.start({ command: 'cache.scan', title: 'Quick', run: async () => 1 });
    const stuck = first.jobs.start({
      command: 'store.snapshot',
      title: 'Back up',
      run: () => new Promise(() => {}),
    });
    await first.jobs.wait(done.id);
    // What a crash leaves: the file as last written, no clean stop.
    await expect
      .poll(async () => JSON.parse(await readFile(file, 'utf8')).map((j: { id: string }) => j.id))
      .toEqual([stuck.id]);

    const second = engine(file);
    const announced: string[] = [];
    second.events.on('job.finished', (f) => announced.push(`${f.job.id}:${f.job.status}`));
    expect(second.journal.recover()).toBe(1);
    const job = second.jobs.get(stuck.id);
    expect(job).toMatchObject({ status: 'failed', title: 'Back up', error: { code: 'INTERNAL' } });
    expect(job.error!.message).toMatch(/engine process ended unexpectedly/);
    expect(job.endedAt).not.toBeNull();
    expect(announced).toEqual([`${stuck.id}:failed`]);
    // Reported once: the journal now says nothing is running.
    await second.journal.stop();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([]);
    expect(engine(file).journal.recover()).toBe(0);
  });

  it('a missing or torn journal is nothing to report', async () => {
    const dir = await tempDir('modvault-journal-');
    onTestFinished(() => removeTree(dir));
    expect(engine(path.join(dir, 'none.json')).journal.recover()).toBe(0);
    const torn = path.join(dir, 'torn.json');
    writeFileSync(torn, '[{"id": "x", "sta');
    expect(engine(torn).journal.recover()).toBe(0);
  });
});
