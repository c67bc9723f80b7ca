import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes an executable stand-in for the go binary (a shell script) for the cases the real go
 * cannot be made to produce on demand: hanging, crashing, printing garbage.
 */
export function fakeGo(dir: string, name: string, script: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}
