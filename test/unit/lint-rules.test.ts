import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering issue 2 asks lint to enforce: only electron/main and electron/preload import
// 'electron'; renderer/ and shared/ never use Node built-ins.

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint layering rules', () => {
  it.each([
    [
      'shared/dto/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    ],
    ['shared/x.ts', "import path from 'path';\nexport const x = path;\n"],
    [
      'renderer/src/lib/x.ts',
      "import { spawn } from 'node:child_process';\nexport const x = spawn;\n",
    ],
    ['electron/engine/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['shared/y.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ])('refuses the import in %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    [
      'electron/preload/x.ts',
      "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n",
    ],
    [
      'electron/engine/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    ],
  ])('allows the import in %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
