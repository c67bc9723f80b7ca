import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema and packs what the app needs", async () => {
    const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    const config = yaml.load(await readFile(path.join(root, 'electron-builder.yml'), 'utf8'));
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config).toMatchObject({
      npmRebuild: true,
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
    });
    // The packaged app cannot be run as plain Node, given NODE_OPTIONS or a debugger, and loads
    // only its own validated app.asar.
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // The engine process is packed, outside the archive like the worker threads.
    expect(config.files).toContain('dist/node/**');
    expect(config.asarUnpack).toContain('dist/node/**');
    // Rebuilding better-sqlite3 for Electron happens here, never in npm install.
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(Object.values(pkg.scripts).join(' ')).not.toMatch(/install-app-deps|electron-rebuild/);
  });
});
