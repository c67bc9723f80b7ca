import { formatBytes, formatCount, formatDuration } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { remoteOption, remoteTarget } from './remote-options';

export const publishCommand: CliCommand = {
  name: 'publish',
  summary: 'Write a snapshot into a bucket as a GOPROXY (no server needed)',
  usage: 'modvault publish SNAPSHOT --to NAME [--json]',
  options: [remoteOption('to', 'The remote whose bucket and prefix receive the GOPROXY layout')],
  details: [
    'Writes <module>/@v/list, <version>.info, .mod and .zip, and <module>/@latest under the',
    "remote's prefix. Versions of which only .mod was cached are published too (without a zip).",
    'Published files are never encrypted: whoever may read the prefix can download the modules.',
    'Then, on any machine that can read it:',
    '  GOPROXY=ENDPOINT/BUCKET/PREFIX,off GOSUMDB=... go mod download',
    '',
    'Examples:',
    '  modvault publish latest --to ci-proxy',
  ].join('\n'),
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw new UsageError('give exactly one SNAPSHOT (or latest)');
    const r = await ctx.runJob(
      'remote.publish',
      { remote: remoteTarget(ctx, 'to').remote, snapshot: ctx.positionals[0]! },
      `Publish to ${ctx.string('to')}`,
    );
    if (ctx.json) {
      ctx.printJson(r);
      return 0;
    }
    const { style } = ctx;
    ctx.print(
      `${style.bold('Published')} snapshot ${style.cyan(r.snapshot)}: ${formatCount(r.versions)} versions of ${formatCount(r.modules)} modules (${formatCount(r.modOnly)} .mod only), ${formatCount(r.objectsWritten)} objects written, ${formatCount(r.objectsSkipped)} already there, ${formatBytes(r.bytesUploaded)} in ${formatDuration(r.durationMs)}.`,
    );
    ctx.print(`Use it with: ${style.cyan(`GOPROXY=${r.goproxy},off go mod download`)}`);
    return 0;
  },
};
