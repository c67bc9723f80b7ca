import { readFile, writeFile } from 'node:fs/promises';
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

/** What `go clean -testcache` writes: test results older than now (unix ns) are ignored. */
export async function expireTestResults(file: string, nowMs: number): Promise<void> {
  const now = BigInt(nowMs) * 1_000_000n;
  const prev = await readFile(file, 'utf8').then(
    (t) => BigInt(/^\d+/.exec(t.trim())?.[0] ?? '0'),
    () => 0n,
  );
  if (now > prev) await writeFile(file, `${now}\n`);
}
