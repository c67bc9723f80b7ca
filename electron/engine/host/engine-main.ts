import '../platform/heap-tuning-init';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compose } from '../compose';
import { toAppError } from '../errors';
import { engineEndpoints } from '../link/engine-endpoint';
import { outsideAsar, processAppDirs } from '../platform/app-paths';
import { FileLogger } from '../platform/file-logger';
import { guardUncaught } from '../platform/uncaught-guard';
import { loadSqlite } from '../store/sqlite-binding';
import { hostEngine } from './host-engine';
import { parentChannel } from './parent-channel';

// The desktop app's engine process (dist/node/engine.mjs): Electron's utilityProcess when
// packaged, the Node that ran npm in development. It hosts the engine on this user's endpoint,
// where the shell (and `modvault ui`) connect; the shell only hears ready / running / fatal.

/** Exit status when the engine cannot run here (a native module built for another runtime). */
const EXIT_UNUSABLE = 78;

const parent = parentChannel();
const dirs = processAppDirs();
const logger = FileLogger.open({ file: path.join(dirs.configDir, 'logs', 'engine.log') });
guardUncaught({ logger, process: 'engine' });

async function main(): Promise<number> {
  try {
    await loadSqlite();
  } catch (e) {
    const error = toAppError(e);
    logger.error('the engine cannot run on this runtime', { ...error });
    parent?.send({ type: 'fatal', error });
    return EXIT_UNUSABLE;
  }
  const outcome = await hostEngine({
    host: 'desktop',
    endpoints: engineEndpoints(dirs.configDir),
    logger,
    compose: (ports) =>
      compose({
        // Packaged, worker threads cannot start from inside app.asar (see electron-builder.yml).
        workerScript: outsideAsar(
          path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.mjs'),
        ),
        logger,
        origin: 'ipc',
        ...ports,
      }),
  });
  if (!outcome.hosted) {
    logger.info('an engine runs already; the app attaches to it', { pid: outcome.holder.pid });
    parent?.send({ type: 'running', pid: outcome.holder.pid });
    return 0;
  }
  parent?.send({ type: 'ready', pid: process.pid });
  await new Promise<void>((resolve) => {
    parent?.onStop(resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await outcome.engine.close();
  return 0;
}

const code = await main().catch((e: unknown) => {
  logger.error('the engine failed to start', { error: String((e as Error)?.stack ?? e) });
  parent?.send({ type: 'fatal', error: toAppError(e) });
  return 1;
});
await logger.close();
process.exit(code);
