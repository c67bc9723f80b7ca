import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensurePristineFixture } from './pristine-fixture';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureRoot: string;
  }
}

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Once per run: build the engine bundles the integration tests execute, and build the Go
 * fixture cache (reused across runs while the fixture definition and Go version are unchanged).
 */
export default async function setup(project: TestProject): Promise<void> {
  execFileSync(
    process.execPath,
    [path.join(root, 'scripts', 'build.mjs'), 'node', '--if-stale', '--quiet'],
    { stdio: 'inherit' },
  );
  project.provide('fixtureRoot', await ensurePristineFixture());
}
