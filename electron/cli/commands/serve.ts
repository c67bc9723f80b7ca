import { formatCount } from '../../../shared/format';
import { portOption, UsageError } from '../args';
import type { CliCommand } from '../command';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve a snapshot as a GOPROXY on 127.0.0.1',
  usage: 'modvault serve [--snapshot ID|latest] [--port N] [--json]',
  options: [
    {
      name: 'snapshot',
      type: 'string',
      valueName: 'ID',
      description: 'The snapshot to serve (default: latest)',
    },
    {
      name: 'port',
      type: 'string',
      valueName: 'N',
      description: 'Port on 127.0.0.1 (default 0: any free port)',
    },
  ],
  details: [
    'Answers the GOPROXY protocol (<module>/@v/list, .info, .mod, .zip, /@latest) from the',
    'snapshot; zips are rebuilt from the store as they are sent. What the snapshot lacks is a',
    '404, so with ",off" the go command fails instead of going to the network. Any program on',
    'this machine can read from it while it runs. Stop with Ctrl-C. With --json, prints',
    '{"url", "port", "goproxy", "snapshot", "versions"} once it listens.',
    '',
    'Examples:',
    '  modvault serve',
    '  GOPROXY=http://127.0.0.1:PORT,off go mod download     # in another terminal',
  ].join('\n'),
  async run(ctx) {
    const port = portOption(ctx.string('port'));
    if (ctx.positionals.length) throw new UsageError('give the snapshot with --snapshot ID');
    const proxy = await ctx.engine.serveSnapshot(ctx.string('snapshot') ?? 'latest');
    const { url, port: actual } = await proxy.listen(port);
    const goproxy = `${url},off`;
    const versions = proxy.snapshot.versions;
    if (ctx.json)
      ctx.printJson({ url, port: actual, goproxy, snapshot: proxy.snapshot.id, versions });
    else {
      ctx.print(
        `Serving snapshot ${ctx.style.cyan(proxy.snapshot.id)} (${formatCount(versions)} module versions) at ${url}`,
      );
      ctx.print(`GOPROXY=${goproxy}`);
      ctx.print(ctx.style.dim('Press Ctrl-C to stop.'));
    }
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await proxy.close();
    return 0;
  },
};
