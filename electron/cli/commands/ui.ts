import { portOption } from '../args';
import type { CliCommand } from '../command';
import { openBrowser } from '../open-browser';

export const uiCommand: CliCommand = {
  name: 'ui',
  server: true,
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
    const server = new UiServer({
      router: ctx.engine.router,
      events: ctx.engine.events,
      rendererDir: ctx.rendererDir,
      logger: ctx.engine.logger,
      port,
    });
    const { url, port: actual } = await server.listen();
    // The dashboard opens on the scan: start it now, while the browser starts.
    void ctx.engine.client.call('cache.scan', {}).catch(() => {});
    void ctx.engine.startBackground();
    if (ctx.json) ctx.printJson({ url, port: actual });
    else {
      ctx.print(`${ctx.style.bold('ModVault')} is running at`);
      ctx.print(`  ${ctx.style.cyan(url)}`);
      ctx.print(
        ctx.style.dim('The link holds a secret token: anyone with it can use ModVault as you.'),
      );
      ctx.print(ctx.style.dim('Press Ctrl-C to stop.'));
    }
    if (ctx.options.open !== false)
      openBrowser(url, (why) =>
        ctx.note(`Could not open a browser (${why}); open the link above.`),
      );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return 0;
  },
};
