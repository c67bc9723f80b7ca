import type { RemoteCheckResult, RemoteView } from '../../../shared/dto/remote';
import { formatBytes, formatCount, formatDuration } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { table } from '../style';
import { readDataPercent } from './check';
import { passphraseOf, passphraseOption } from './remote-options';

function printRemotes(ctx: CliContext, list: RemoteView[]): void {
  const { style } = ctx;
  if (list.length === 0) {
    ctx.print(
      'No remotes yet. Add one with `modvault remote add NAME s3://BUCKET/PREFIX --endpoint URL`.',
    );
    return;
  }
  const rows = [
    ['NAME', 'URL', 'ENDPOINT', 'ENCRYPTED', 'CREDENTIALS', 'SNAPSHOTS'].map((h) => style.bold(h)),
  ];
  for (const r of list)
    rows.push([
      style.cyan(r.name),
      r.url,
      `${r.endpoint}${r.pathStyle ? '' : style.dim(' (virtual-hosted)')}`,
      r.encrypted ? 'yes' : 'no',
      r.credentials === 'saved' ? 'saved' : style.dim('environment'),
      r.seen ? formatCount(r.seen.snapshots.length) : style.dim('?'),
    ]);
  ctx.print(table(rows, [5]));
}

function printCheck(ctx: CliContext, r: RemoteCheckResult): void {
  const { style } = ctx;
  ctx.print(`${style.bold('Remote')} ${r.remote}: ${r.label}`);
  ctx.print(
    `Reachable; credentials ${r.writable === false ? style.yellow('read-only (restore and list only)') : 'can read and write'}.`,
  );
  if (!r.repository) {
    ctx.print('No snapshots pushed there yet.');
    return;
  }
  ctx.print(
    `${r.encrypted ? 'Encrypted. ' : ''}${formatCount(r.snapshots)} snapshots, ${formatCount(r.packs)} packs (${formatBytes(r.packBytes)}), ${formatCount(r.blobs)} blobs, ${formatCount(r.indexes)} index documents; checked in ${formatDuration(r.durationMs)}` +
      (r.readDataPercent
        ? `; read ${formatBytes(r.bytesRead)} of ${formatCount(r.packsRead)} packs.`
        : '.'),
  );
  for (const p of r.problems) {
    const tag = p.severity === 'info' ? style.dim('note ') : style.red('error');
    const affected = p.snapshots.length ? style.dim(` (snapshots ${p.snapshots.join(', ')})`) : '';
    ctx.print(`${tag} ${p.kind}: ${p.detail}${affected}`);
  }
  ctx.print(r.ok ? style.green('No errors found.') : style.red('The remote is damaged.'));
}

async function add(ctx: CliContext): Promise<ExitCode> {
  const [name, url] = ctx.positionals.slice(1);
  if (!name || !url) throw new UsageError('remote add needs NAME and s3://BUCKET/PREFIX');
  const endpoint = ctx.string('endpoint');
  if (!endpoint)
    throw new UsageError('--endpoint URL is needed (for example https://s3.amazonaws.com)');
  const view = await ctx.engine.client.call('remote.add', {
    name,
    url,
    endpoint,
    region: ctx.string('region'),
    pathStyle: ctx.flag('path-style'),
    encrypt: ctx.flag('encrypt'),
  });
  if (ctx.json) ctx.printJson(view);
  else {
    ctx.print(`Added remote ${ctx.style.cyan(view.name)}: ${view.url} at ${view.endpoint}.`);
    ctx.print(
      ctx.style.dim(
        `Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE.${view.encrypted ? ' Set MODVAULT_PASSPHRASE (or --passphrase-file) for pushes and restores: it is never stored by the CLI.' : ''} Check it with: modvault remote check ${view.name}`,
      ),
    );
  }
  return 0;
}

export const remoteCommand: CliCommand = {
  name: 'remote',
  summary: 'Manage remotes: S3-compatible storage for pushed snapshots and published GOPROXYs',
  usage:
    'modvault remote add NAME s3://BUCKET/PREFIX --endpoint URL [--region R] [--path-style] [--encrypt] | list | check NAME [--read-data[=PERCENT]] | remove NAME',
  options: [
    {
      name: 'endpoint',
      type: 'string',
      valueName: 'URL',
      description: 'add: the S3 server (https://s3.amazonaws.com, http://127.0.0.1:9000)',
    },
    {
      name: 'region',
      type: 'string',
      valueName: 'REGION',
      description: 'add: the bucket region (default us-east-1)',
    },
    {
      name: 'path-style',
      type: 'boolean',
      description: 'add: address the bucket as ENDPOINT/BUCKET (most self-hosted servers)',
    },
    {
      name: 'encrypt',
      type: 'boolean',
      description: 'add: encrypt everything pushed there with a passphrase (MODVAULT_PASSPHRASE)',
    },
    {
      name: 'read-data',
      type: 'string',
      optionalValue: true,
      valueName: 'PERCENT',
      description: 'check: also read back all packs, or a PERCENT sample, and re-hash every blob',
    },
    passphraseOption,
  ],
  details: [
    'Credentials come from the standard AWS sources: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,',
    'AWS_PROFILE and ~/.aws/credentials (the desktop app can keep them in Settings, with the OS',
    'keychain). Nothing about a remote but its address is written to disk.',
    '',
    'Examples:',
    '  modvault remote add team s3://acme-go/modvault --endpoint https://s3.eu-central-1.amazonaws.com --region eu-central-1',
    '  modvault remote add lab s3://backups/go --endpoint http://10.0.0.5:9000 --path-style --encrypt',
    '  modvault remote check team --read-data=10',
  ].join('\n'),
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub === 'add') return add(ctx);
    if (sub === 'list' || sub === undefined) {
      const list = await ctx.engine.client.query('remote.list', {});
      if (ctx.json) ctx.printJson(list);
      else printRemotes(ctx, list);
      return 0;
    }
    const name = ctx.positionals[1];
    if (!name) throw new UsageError(`remote ${sub} needs the remote's NAME`);
    if (sub === 'remove') {
      const r = await ctx.engine.client.query('remote.remove', { name });
      if (ctx.json) ctx.printJson(r);
      else ctx.print(`Removed remote ${name} (nothing on the server was deleted).`);
      return 0;
    }
    if (sub === 'check') {
      const { passphrase } = passphraseOf(ctx);
      const r = await ctx.runJob(
        'remote.check',
        { remote: name, passphrase, readData: readDataPercent(ctx) },
        'Check',
      );
      if (ctx.json) ctx.printJson(r);
      else printCheck(ctx, r);
      return r.ok ? 0 : 1;
    }
    throw new UsageError(`unknown subcommand "${sub}" (add, list, check, remove)`);
  },
};
