import { GO_ENV_VARS } from '../../../shared/dto/env';
import type { CliCommand } from '../command';
import { table } from '../style';

export const envCommand: CliCommand = {
  name: 'env',
  summary: 'Show the Go environment and where the caches are',
  usage: 'modvault env [--json]',
  options: [
    {
      name: 'refresh',
      type: 'boolean',
      description: 'Ask go again instead of using the cached answer',
    },
  ],
  async run(ctx) {
    const env = await ctx.engine.client.query('env.get', { refresh: ctx.flag('refresh') });
    if (ctx.json) {
      ctx.printJson(env);
      return 0;
    }
    const { style } = ctx;
    ctx.print(
      env.go.found
        ? `${style.bold('Go')}  ${env.go.version ?? 'unknown version'} (${env.go.binary})`
        : `${style.bold('Go')}  ${style.yellow('not found')} — showing Go's default locations. ${env.go.error ?? ''}`,
    );
    ctx.print();
    const rows = GO_ENV_VARS.map((name) => [
      name,
      env.vars[name] || style.dim('(empty)'),
      style.dim(env.sources[name]),
    ]);
    rows.push([
      'GOTOOLCHAIN',
      env.gotoolchain.value,
      style.dim(`${env.gotoolchain.source} (ModVault itself runs go with GOTOOLCHAIN=local)`),
    ]);
    rows.push(['sumdb', env.sumdbDir, style.dim('GOPATH[0]/pkg/sumdb')]);
    ctx.print(table(rows));
    return 0;
  },
};
