import { formatBytes, formatCount, formatDuration } from '../../../shared/format';
import type { CliCommand } from '../command';
import { passphraseOption, remoteOption, remoteTarget } from './remote-options';

export const pushCommand: CliCommand = {
  name: 'push',
  summary: 'Upload snapshots to a remote (only what it lacks)',
  usage: 'modvault push [SNAPSHOT...] --to NAME [--passphrase-file FILE] [--json]',
  options: [remoteOption('to', 'The remote to push to (modvault remote list)'), passphraseOption],
  details: [
    'Without SNAPSHOT, every snapshot of the store that the remote lacks is pushed. Only blobs',
    'the remote does not hold yet are uploaded (whichever machine pushed them), in packs named',
    'by their content: an interrupted push, run again, skips the packs it finished. Packs go',
    "first, then the index, then each snapshot's reference, so the remote is consistent at",
    'every moment, also with several machines pushing at once.',
    '',
    'Examples:',
    '  modvault push --to team',
    '  modvault push latest --to team --json',
  ].join('\n'),
  async run(ctx) {
    const r = await ctx.runJob(
      'remote.push',
      { ...remoteTarget(ctx, 'to'), snapshots: ctx.positionals },
      `Push to ${ctx.string('to')}`,
    );
    if (ctx.json) {
      ctx.printJson(r);
      return 0;
    }
    const { style } = ctx;
    if (r.pushed.length === 0) {
      ctx.print(`${r.remote} holds every snapshot named already (${r.alreadyThere.join(', ')}).`);
      return 0;
    }
    ctx.print(
      `${style.bold('Pushed')} ${r.pushed.map((id) => style.cyan(id)).join(', ')} to ${r.remote} in ${formatDuration(r.durationMs)}: ${formatBytes(r.bytesUploaded)} sent, ${formatCount(r.packsUploaded)} packs.`,
    );
    ctx.print(
      style.dim(
        `${formatCount(r.blobsUploaded)} blobs uploaded, ${formatCount(r.blobsShared)} already on the remote` +
          (r.packsResumed
            ? `; ${formatCount(r.packsResumed)} packs of an interrupted push reused`
            : '') +
          (r.alreadyThere.length ? `; already there: ${r.alreadyThere.join(', ')}` : '') +
          '.',
      ),
    );
    return 0;
  },
};
