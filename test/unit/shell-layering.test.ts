import path from 'node:path';
import { build } from 'esbuild';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Electron main is only the shell (issue 13): no engine code runs in it. Lint refuses the
// imports; the bundle check catches what lint cannot see (an allowed module that pulls the
// engine in behind it).

const root = path.resolve(import.meta.dirname, '..', '..');

/** What the shell's bundle may contain from electron/engine: the link and a few helpers. */
const ALLOWED = [
  /^electron\/engine\/link\/[^/]+\.ts$/,
  /^electron\/engine\/errors\.ts$/,
  /^electron\/engine\/platform\/(app-paths|atomic-file|file-logger|heap-tuning|heap-tuning-init|logger|process-liveness|uncaught-guard)\.ts$/,
  /^electron\/engine\/rpc\/(security-headers|static-files)\.ts$/,
  /^electron\/engine\/toolchain\/go-defaults\.ts$/,
];

async function restricted(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('the Electron shell runs no engine code', () => {
  it.each([
    "import { compose } from '../engine/compose';\nexport const x = compose;\n",
    "import { JobRunner } from '../engine/jobs/job-runner';\nexport const x = JobRunner;\n",
    "import { BackupStore } from '../engine/store/backup-store';\nexport const x = BackupStore;\n",
    "import { WorkerPool } from '../engine/platform/worker-pool';\nexport const x = WorkerPool;\n",
    "import { Scheduler } from '../engine/schedule/scheduler';\nexport const x = Scheduler;\n",
  ])('lint refuses %s in electron/main', async (code) => {
    expect(await restricted('electron/main/x.ts', code)).not.toEqual([]);
  });

  it.each([
    "import type { Engine } from '../engine/compose';\nexport type X = Engine;\n",
    "import { EngineConnection } from '../engine/link/engine-connection';\nexport const x = EngineConnection;\n",
    "import { FileLogger } from '../engine/platform/file-logger';\nexport const x = FileLogger;\n",
  ])('lint allows %s in electron/main', async (code) => {
    expect(await restricted('electron/main/x.ts', code)).toEqual([]);
  });

  it("the shell's bundle holds nothing of the engine but its link and a few helpers", async () => {
    const result = await build({
      entryPoints: [path.join(root, 'electron/main/main.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      external: ['electron', 'better-sqlite3'],
      absWorkingDir: root,
      logLevel: 'silent',
    });
    const engine = Object.keys(result.metafile.inputs).filter((f) =>
      f.startsWith('electron/engine/'),
    );
    expect(engine).toContain('electron/engine/link/engine-connection.ts');
    expect(engine.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
  });
});
