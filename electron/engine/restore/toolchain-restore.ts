import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolchainRestoreResult } from '../../../shared/dto/restore';
import { EngineError, fromErrno } from '../errors';
import type { Logger } from '../platform/logger';
import type { BackupStore } from '../store/backup-store';
import type { GoRunner } from '../toolchain/go-runner';
import type { RestoreHooks } from './restore-service';
import { proxyForSnapshot } from './snapshot-proxy';

/** The last lines of go's stderr, for the error message. */
const tail = (text: string) => text.trim().split('\n').slice(-3).join(' ');

/**
 * "Restore through the toolchain": serves the snapshot on 127.0.0.1 and lets the real go
 * command fetch what a project needs from it (`go mod download -x`), its output streamed as
 * the job's output. Go checks every module against the project's go.sum as it downloads.
 */
export class ToolchainRestore {
  constructor(
    private readonly store: BackupStore,
    private readonly runner: GoRunner,
    private readonly logger: Logger,
  ) {}

  async run(
    req: { snapshot: string; project: string; gomodcache: string; live: boolean },
    hooks: RestoreHooks,
  ): Promise<ToolchainRestoreResult> {
    const started = Date.now();
    const project = path.resolve(req.project);
    const st = await stat(path.join(project, 'go.mod')).catch((e: unknown) => {
      throw fromErrno(e, `the go.mod of ${project}`) ?? e;
    });
    if (!st.isFile())
      throw new EngineError('PATH_INVALID', `${project} has no go.mod.`, { path: project });
    const proxy = await proxyForSnapshot(this.store, req.snapshot, this.logger);
    const { url } = await proxy.listen(0);
    const goproxy = `${url},off`;
    const target = path.resolve(req.gomodcache);
    const command = `${req.live ? '' : `GOMODCACHE=${target} `}GOPROXY=${goproxy} go mod download -x`;
    try {
      hooks.progress?.({ phase: 'go mod download', message: command });
      hooks.output?.(`$ cd ${project} && ${command}`, 'info');
      const res = await this.runner.run(['mod', 'download', '-x'], {
        cwd: project,
        env: { GOPROXY: goproxy, GOTOOLCHAIN: 'local', GOMODCACHE: target },
        signal: hooks.signal,
        timeoutMs: 60 * 60_000,
        onLine: (line, stream) => hooks.output?.(line, stream),
      });
      if (res.code !== 0)
        throw new EngineError(
          'GO_FAILED',
          `go mod download failed (exit ${res.code}): ${tail(res.stderr)}`,
          {
            path: project,
            fix: 'The output shows which module was missing: the snapshot may not hold it (modvault snapshots latest lists what it holds).',
          },
        );
      return {
        snapshot: proxy.snapshot.id,
        project,
        target,
        goproxy,
        command,
        exitCode: res.code,
        served: proxy.served,
        durationMs: Date.now() - started,
      };
    } finally {
      await proxy.close();
    }
  }
}
