#!/usr/bin/env node
// Global entry point (`npm install -g`, `npm link`): runs the bundled CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/node/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  console.error(
    `modvault: ${cli} is missing. Run "npm install" (or "npm run build") in the ModVault checkout.`,
  );
  process.exit(2);
}
await import(cli);
