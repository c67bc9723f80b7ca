import { EXPORT_FORMATS } from '../../../shared/dto/store';
import type { ExportFormat } from '../../../shared/dto/store';
import { formatBytes, formatCount } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand } from '../command';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write a snapshot as a GOPROXY tree (folder, zip or tar.gz)',
  usage: 'modvault export SNAPSHOT --format zip|tar.gz|dir --out PATH [--json]',
  options: [
    { name: 'format', type: 'string', valueName: 'FORMAT', description: 'zip, tar.gz or dir' },
    {
      name: 'out',
      type: 'string',
      valueName: 'PATH',
      description: 'The archive file or folder to write',
    },
  ],
  details: [
    'The result has the GOPROXY layout (<module>/@v/list, .info, .mod, .zip) and a manifest;',
    'once unpacked, GOPROXY=file://<dir> serves it to the go command.',
    '',
    'Examples:',
    '  modvault export latest --format dir --out /tmp/goproxy',
    '  GOPROXY=file:///tmp/goproxy GOSUMDB=off go mod download',
  ].join('\n'),
  async run(ctx) {
    const snapshot = ctx.positionals[0];
    const format = ctx.string('format');
    const out = ctx.path('out');
    if (!snapshot || ctx.positionals.length > 1)
      throw new UsageError('give one snapshot id (or "latest")');
    if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    if (!out) throw new UsageError('--out PATH is required');
    const r = await ctx.runJob(
      'store.export',
      { snapshot, format: format as ExportFormat, out },
      'Export',
    );
    if (ctx.json) ctx.printJson(r);
    else
      ctx.print(
        `Exported snapshot ${r.snapshot}: ${formatCount(r.versions)} versions, ${formatCount(r.files)} files, ${formatBytes(r.bytes)} → ${r.out}`,
      );
    return 0;
  },
};
