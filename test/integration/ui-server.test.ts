import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/dto/cache';
import type { JobFinished, JobOutputLine, JobStarted } from '../../shared/dto/jobs';
import type { SettingsView } from '../../shared/dto/settings';
import { runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { startUiServer } from '../helpers/ui-server';
import { WsClient } from '../helpers/ws-client';

describe('modvault ui', () => {
  it('rejects a bad --port and a port in use with exit code 2 and a fix', async () => {
    const fx = await copyFixture();
    const bad = await runCli(['ui', '--no-open', '--port', 'http'], { env: fx.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port needs a whole number');

    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    try {
      const busy = await runCli(['ui', '--no-open', '--port', String(port)], { env: fx.env });
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(busy.stderr).toContain('--port 0');
    } finally {
      taken.close();
    }
  });

  it('serves the contract over the WebSocket: calls, job events with results, job output', async () => {
    const fx = await copyFixture();
    const ui = await startUiServer(fx.env);
    try {
      expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/$/);
      const client = await WsClient.open(ui.port, ui.token);

      // The server scanned at startup; cache.latest hands that result to a late window.
      const first = await client.call('cache.latest');
      expect(first.ok).toBe(true);

      const started = await client.call('cache.scan');
      const { jobId } = (started as { ok: true; value: JobStarted }).value;
      const finished = await client.waitFor('job.finished', (f: JobFinished) => f.job.id === jobId);
      expect(finished.job.status).toBe('succeeded');
      expect((finished.result as ScanReport).totals.versions).toBe(8);
      const latest = await client.call('cache.latest');
      expect(latest).toMatchObject({
        ok: true,
        value: { scanning: false, scan: { gomodcache: fx.gomodcache } },
      });

      // A verification finding a zip that does not match its .ziphash: the findings are the
      // job's output lines.
      const ziphash = path.join(
        fx.gomodcache,
        'cache',
        'download',
        'example.com',
        'lib',
        '@v',
        'v1.0.0.ziphash',
      );
      await writeFile(ziphash, `h1:${Buffer.alloc(32, 7).toString('base64')}`);
      const verify = (await client.call('cache.verify', { deep: false })) as {
        ok: true;
        value: JobStarted;
      };
      await client.waitFor('job.finished', (f: JobFinished) => f.job.id === verify.value.jobId);
      const out = (await client.call('jobs.output', { id: verify.value.jobId })) as {
        ok: true;
        value: JobOutputLine[];
      };
      expect(
        out.value.some((l) => l.stream === 'stderr' && l.line.includes('example.com/lib@v1.0.0')),
      ).toBe(true);
      expect(out.value.at(-1)!.line).toMatch(/^Checked 8 versions/);
      const status = await client.call('app.status');
      expect(status).toMatchObject({ ok: true, value: { level: 'error', verify: { errors: 1 } } });

      const saved = (await client.call('settings.update', { theme: 'dark' })) as {
        ok: true;
        value: SettingsView;
      };
      expect(saved.value.settings.theme).toBe('dark');
      await client.waitFor('settings.changed', (v: SettingsView) => v.settings.theme === 'dark');
      client.close();
    } finally {
      expect(await ui.stop()).toBe(0);
    }
    // Stopped means stopped: the port no longer answers.
    await expect(WsClient.open(ui.port, ui.token)).rejects.toThrow();
  });
});
