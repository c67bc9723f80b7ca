import { hostEngine } from '../../engine/host/host-engine';
import type { HostedEngine } from '../../engine/host/host-engine';
import { EngineConnection } from '../../engine/link/engine-connection';
import { engineEndpoints } from '../../engine/link/engine-endpoint';
import { processAppDirs } from '../../engine/platform/app-paths';
import { portOption } from '../args';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { openBrowser } from '../open-browser';

export const uiCommand: CliCommand = {
  name: 'ui',
  summary: 'Open the ModVault app in your browser (served on 127.0.0.1 only)',
  usage: 'modvault ui [--port N] [--no-open]',
  options: [
    {
      name: 'port',
      type: 'string',
      valueName: 'N',
      description: 'Port on 127.0.0.1 (default 0: any free port)',
    },
    {
      name: 'open',
      type: 'boolean',
      description: 'Open the browser (default); --no-open only prints the link',
    },
  ],
  details: [
    'The app is served on 127.0.0.1 only. The printed link holds a secret token that every',
    'request must carry; requests naming another host (DNS rebinding) or coming from another',
    'origin are refused. Anyone who has the link can use ModVault as you: do not share it.',
    'Stop with Ctrl-C. With --json, prints {"url", "port"} once the server listens.',
    '',
    'Examples:',
    '  modvault ui',
    '  modvault ui --port 7390 --no-open',
  ].join('\n'),
  async run(ctx) {
    const port = portOption(ctx.string('port'));
    // The HTTP/WebSocket server (and ws) load only for this command.
    const { UiServer } = await import('../../engine/rpc/ui-server');
    const endpoints = engineEndpoints(processAppDirs().configDir);
    let connection: EngineConnection | null = null;
    let hosted: HostedEngine | null = null;
    // The engine this process hosts, while it is the one in use: its calls and events go
    // straight to it, not through its own socket (one JSON round trip less per frame).
    const local = () => (hosted && connection?.engine?.pid === process.pid ? hosted.engine : null);
    const server = new UiServer({
      backend: {
        call: (cmd, req, callCtx) =>
          local()?.router.call(cmd, req, callCtx) ?? connection!.call(String(cmd), req),
        onAny: (fn) => {
          const offRemote = connection!.onAny((evt, payload) => {
            if (!local()) fn(evt, payload);
          });
          const offLocal = (hosted as HostedEngine | null)?.engine.events.onAny((evt, payload) => {
            if (local()) fn(evt, payload);
          });
          return () => {
            offRemote();
            offLocal?.();
          };
        },
      },
      rendererDir: ctx.rendererDir,
      logger: ctx.logger,
      port,
    });
    // The port first: a port in use fails before any engine starts.
    const { url, port: actual } = await server.listen();
    // The user's engine: the running one (the desktop app, the daemon), or one hosted here,
    // again whenever the one this attached to goes away (the tabs then reconnect).
    connection = new EngineConnection({
      endpoints,
      hello: { client: 'ui', origin: 'ws' },
      logger: ctx.logger,
      start: async () => {
        const outcome = await hostEngine({
          host: 'ui',
          endpoints,
          logger: ctx.logger,
          compose: (ports) => ctx.composeEngine(ports),
        });
        if (outcome.hosted) hosted = outcome.engine;
        // In this process: it ends with the command.
        return { pid: process.pid, exited: new Promise<null>(() => {}) };
      },
    });
    try {
      return await serve(ctx, connection, { url, port: actual }, () => server.dropClients());
    } finally {
      await server.close();
      await connection.close();
      await (hosted as HostedEngine | null)?.close();
    }
  },
};

async function serve(
  ctx: CliContext,
  connection: EngineConnection,
  { url, port: actual }: { url: string; port: number },
  reconnectTabs: () => void,
): Promise<ExitCode> {
  const engine = await connection.ready();
  let first = true;
  connection.onState((state) => {
    // Another engine took over: the tabs reconnect and reload what they show.
    if (state === 'connected' && !first) reconnectTabs();
    first = false;
  });
  const attached = engine.pid !== process.pid;
  if (ctx.json)
    ctx.printJson({
      url,
      port: actual,
      engine: { pid: engine.pid, host: engine.host, attached },
    });
  else {
    ctx.print(`${ctx.style.bold('ModVault')} is running at`);
    ctx.print(`  ${ctx.style.cyan(url)}`);
    ctx.print(
      ctx.style.dim('The link holds a secret token: anyone with it can use ModVault as you.'),
    );
    ctx.print(ctx.style.dim('Press Ctrl-C to stop.'));
  }
  if (attached)
    ctx.note(
      `Using the ModVault engine that is already running (${HOST_NAMES[engine.host]}, pid ${engine.pid}, store ${engine.store}): its schedules run once, there.` +
        (ctx.string('store') || ctx.string('gomodcache') || ctx.string('gocache')
          ? ' --store, --gomodcache and --gocache apply only when this command starts the engine.'
          : ''),
    );
  if (ctx.options.open !== false)
    openBrowser(url, (why) => ctx.note(`Could not open a browser (${why}); open the link above.`));
  // Ctrl-C, or SIGTERM (a service manager, `npm start` stopping): the engine shuts down cleanly.
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', () => resolve());
  });
  return 0;
}

const HOST_NAMES: Record<HostedEngine['info']['host'], string> = {
  desktop: 'the desktop app',
  daemon: '`modvault daemon`',
  ui: 'another `modvault ui`',
};
