#!/usr/bin/env node
// Writes resources/ icons: `node scripts/icons/make-icons.mjs`. A unit test checks that the
// committed files are exactly what this produces, so they never drift from the design.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderIcons } from './render.mjs';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');
for (const [name, bytes] of renderIcons()) {
  const file = join(resources, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, bytes);
  console.log(`${name}  ${bytes.length} bytes`);
}
