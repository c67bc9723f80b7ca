import { tmpdir } from 'node:os';
import type { CleanTarget } from '../../../shared/dto/clean';
import type { GoRunner } from '../toolchain/go-runner';

const FLAGS: Record<CleanTarget, string> = {
  modcache: '-modcache',
  cache: '-cache',
  testcache: '-testcache',
  fuzzcache: '-fuzzcache',
};

/**
 * `go clean -x -modcache|-cache|-testcache|-fuzzcache` through the runner, its output streamed
 * line by line, pointed at exactly the caches ModVault planned for (an override such as
 * --gomodcache reaches go through the environment).
 */
export async function runGoClean(
  runner: GoRunner,
  roots: { gomodcache: string; gocache: string },
  targets: readonly CleanTarget[],
  opts: { signal?: AbortSignal; onLine: (line: string, stream: 'stdout' | 'stderr') => void },
): Promise<void> {
  await runner.runChecked(['clean', '-x', ...targets.map((t) => FLAGS[t])], {
    cwd: tmpdir(),
    env: { GOMODCACHE: roots.gomodcache, GOCACHE: roots.gocache, GOTOOLCHAIN: 'local' },
    signal: opts.signal,
    onLine: opts.onLine,
  });
}
