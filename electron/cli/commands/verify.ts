import { PROBLEM_SEVERITY } from '../../../shared/dto/cache';
import { formatCount, formatDuration } from '../../../shared/format';
import type { CliCommand } from '../command';

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Check zips, ziphashes, extracted trees and go.sum checksums',
  usage: 'modvault verify [--deep] [--project DIR]... [--json]',
  options: [
    {
      name: 'deep',
      type: 'boolean',
      description: 'Also hash every extracted tree (dir has been modified)',
    },
    {
      name: 'project',
      type: 'string',
      multiple: true,
      valueName: 'DIR',
      description: 'Compare against the go.sum of this project (repeatable)',
    },
  ],
  details: [
    "Unlike `go mod verify`, checks the cache against your projects' go.sum, which catches a zip",
    'and .ziphash tampered with consistently. Exit code 1 when errors or warnings are found.',
    '',
    'Examples:',
    '  modvault verify',
    '  modvault verify --deep --project ~/src/myservice --project ~/src/tool',
  ].join('\n'),
  async run(ctx) {
    const report = await ctx.runJob(
      'cache.verify',
      { deep: ctx.flag('deep'), projects: ctx.paths('project') },
      ctx.flag('deep') ? 'Verifying (deep)' : 'Verifying',
    );
    const serious = report.problems.filter((p) => PROBLEM_SEVERITY[p.kind] !== 'info');
    if (ctx.json) {
      ctx.printJson(report);
      return serious.length ? 1 : 0;
    }
    const { style } = ctx;
    ctx.print(
      `Checked ${formatCount(report.checked)} versions${report.deep ? ' (zips and extracted trees)' : ' (zips)'} in ${formatDuration(report.durationMs)}.`,
    );
    if (report.problems.length === 0) {
      ctx.print(style.green('All module versions verified.'));
      return 0;
    }
    for (const p of report.problems) {
      const sev = PROBLEM_SEVERITY[p.kind];
      const tag =
        sev === 'error'
          ? style.red('error  ')
          : sev === 'warning'
            ? style.yellow('warning')
            : style.dim('info   ');
      ctx.print(`${tag} ${p.version ? `${p.path}@${p.version}` : p.path}: ${p.kind}: ${p.detail}`);
    }
    ctx.print();
    ctx.print(
      serious.length
        ? style.red(`${serious.length} problem(s) found.`)
        : style.green('No errors; notes only.'),
    );
    if (serious.length) ctx.print(style.dim('Run `modvault doctor --fix` to repair them.'));
    return serious.length ? 1 : 0;
  },
};
