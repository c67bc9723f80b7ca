import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/dto/settings';
import type { Result } from '../../shared/result';
import { copyFixture } from '../helpers/fixture';
import { startUiServer } from '../helpers/ui-server';
import { giveToNobody } from '../helpers/unprivileged';
import { WsClient } from '../helpers/ws-client';

// Root ignores file permissions, so these run the real `modvault ui` as the user "nobody".
describe('modvault ui as an unprivileged user', () => {
  it('reports an unwritable or unreadable settings file with its path, and keeps working', async () => {
    const fx = await copyFixture();
    const configDir = path.join(fx.env.HOME!, '.config', 'modvault');
    const file = path.join(configDir, 'settings.json');
    await mkdir(configDir, { recursive: true });
    await writeFile(file, JSON.stringify({ theme: 'dark' }));
    await giveToNobody(fx.root);
    await chmod(file, 0o000);
    await chmod(configDir, 0o555);

    const ui = await startUiServer(fx.env, { asNobody: true });
    try {
      const client = await WsClient.open(ui.port, ui.token);
      const got = (await client.call('settings.get')) as Result<SettingsView>;
      if (!got.ok) throw new Error(got.error.message);
      expect(got.value.settings.theme).toBe('system');
      expect(got.value.warnings.join('\n')).toContain(
        `Permission denied: The settings file ${file}`,
      );

      const saved = await client.call('settings.update', { theme: 'light' });
      expect(saved).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      if (!saved.ok) {
        expect(saved.error.message).toContain(file);
        expect(saved.error.fix).toMatch(/readable\/writable by your user/);
      }

      // The rest of the app is unaffected: the cache is readable by its owner.
      const scan = await client.call('cache.scan');
      expect(scan.ok).toBe(true);
      const status = await client.waitFor(
        'job.finished',
        (f) => f.job.command === 'cache.scan' && f.job.status === 'succeeded',
      );
      expect(status.job.status).toBe('succeeded');
      client.close();
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });

  it('never saves over a settings file it could not read', async () => {
    const fx = await copyFixture();
    const configDir = path.join(fx.env.HOME!, '.config', 'modvault');
    const file = path.join(configDir, 'settings.json');
    await mkdir(configDir, { recursive: true });
    await writeFile(file, JSON.stringify({ theme: 'dark', projectRoots: ['/src'] }));
    await giveToNobody(fx.root);
    await chmod(file, 0o000); // the folder stays writable: a blind save would replace the file

    const ui = await startUiServer(fx.env, { asNobody: true });
    try {
      const client = await WsClient.open(ui.port, ui.token);
      const saved = await client.call('settings.update', { language: 'en' });
      expect(saved).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', path: file } });
      client.close();
    } finally {
      expect(await ui.stop()).toBe(0);
    }
    await chmod(file, 0o644);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      theme: 'dark',
      projectRoots: ['/src'],
    });
  });
});
