import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensurePristineFixture } from '../../helpers/pristine-fixture';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** Once per run: the bundles and renderer the tests drive, and the Go fixture they copy. */
export default async function globalSetup(): Promise<void> {
  execFileSync(
    process.execPath,
    [path.join(root, 'scripts', 'build.mjs'), 'all', '--if-stale', '--quiet'],
    {
      stdio: 'inherit',
    },
  );
  await ensurePristineFixture();
}
