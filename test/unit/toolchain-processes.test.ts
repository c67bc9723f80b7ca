import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { RawProcess } from '../../electron/engine/platform/process-list';
import { parsePs, parseTasklist, ProcLister } from '../../electron/engine/platform/process-list';
import {
  cachesOf,
  TOOLCHAIN_PROCESS_NAMES,
  ToolchainProcesses,
} from '../../electron/engine/platform/toolchain-processes';
import { removeTree, tempDir } from '../helpers/temp';

const lister = (list: RawProcess[]) => ({ list: async () => list });
const proc = (p: Partial<RawProcess>): RawProcess => ({
  pid: 1,
  name: 'go',
  command: 'go build',
  uid: 1000,
  env: null,
  ...p,
});

describe('finding go and gopls processes', () => {
  it('reads the OS listings of macOS (ps) and Windows (tasklist)', () => {
    expect(
      parsePs(
        '  123   501 /usr/local/go/bin/go\n  456 501 /Users/me/go/bin/gopls\n 9 0 /sbin/launchd\n',
      ),
    ).toEqual([
      { pid: 123, uid: 501, name: 'go', command: '/usr/local/go/bin/go', env: null },
      { pid: 456, uid: 501, name: 'gopls', command: '/Users/me/go/bin/gopls', env: null },
      { pid: 9, uid: 0, name: 'launchd', command: '/sbin/launchd', env: null },
    ]);
    expect(
      parseTasklist(
        '"go.exe","4242","Console","1","12,345 K"\r\n"gopls.exe","77","Console","1","99 K"\r\n',
      ),
    ).toMatchObject([
      { pid: 4242, name: 'go' },
      { pid: 77, name: 'gopls' },
    ]);
  });

  it('keeps processes that use the cache or whose caches are unknown, drops the others', async () => {
    const list = [
      proc({ pid: 1, env: { GOMODCACHE: '/c/mod' } }),
      proc({ pid: 2, env: { GOPATH: '/c:/other', HOME: '/h' } }),
      proc({ pid: 3, env: { HOME: '/h' } }),
      proc({ pid: 4, env: null }),
      proc({ pid: 5, name: 'gopls', uid: 2000 }),
      proc({ pid: 6, name: 'bash' }),
    ];
    const mine = new ToolchainProcesses(lister(list), 1000);
    expect((await mine.find({ gomodcache: '/c/pkg/mod' })).map((p) => p.pid)).toEqual([2, 4]);
    expect((await mine.find({ gomodcache: '/h/go/pkg/mod' })).map((p) => p.pid)).toEqual([3, 4]);
    expect((await mine.find({ gocache: '/h/.cache/go-build' })).map((p) => p.pid)).toEqual([
      2, 3, 4,
    ]);
    // root sees everybody's go: a cache owned by the user may be used by any of them.
    const root = new ToolchainProcesses(lister(list), 0);
    expect((await root.find({ gomodcache: '/x' })).map((p) => p.pid)).toEqual([4, 5]);
    expect(cachesOf({ HOME: '/h', XDG_CACHE_HOME: '/xdg' })).toEqual({
      gomodcache: '/h/go/pkg/mod',
      gocache: '/xdg/go-build',
    });
  });

  it('sees a real process named go in /proc, with its environment', async () => {
    const dir = await tempDir('modvault-proc-');
    onTestFinished(() => removeTree(dir));
    copyFileSync('/bin/sleep', path.join(dir, 'go'));
    const child = spawn(path.join(dir, 'go'), ['30'], { env: { GOMODCACHE: '/some/cache' } });
    onTestFinished(() => void child.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, 150));
    const detector = new ToolchainProcesses(
      new ProcLister('/proc', (n) => TOOLCHAIN_PROCESS_NAMES.has(n)),
      process.getuid!(),
    );
    const found = await detector.find({ gomodcache: '/some/cache' });
    expect(found).toContainEqual({
      pid: child.pid,
      name: 'go',
      command: `${path.join(dir, 'go')} 30`,
    });
    expect((await detector.find({ gomodcache: '/another/cache' })).map((p) => p.pid)).not.toContain(
      child.pid,
    );
  });
});
