import { PROBLEM_SEVERITY } from '../../../shared/dto/cache';
import { formatCount, formatDuration } from '../../../shared/format';
import type { CliCommand } from '../command';
import { runHint } from '../hint';
import { reportMissingCache } from '../missing-cache';

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
      { deep: ctx.flag('deep'), projects: ctx.list('project') },
      ctx.flag('deep') ? 'Verifying (deep)' : 'Verifying',
    );
    const serious = report.problems.filter((p) => PROBLEM_SEVERITY[p.kind] !== 'info');
    if (ctx.json) ctx.printJson(report);
    if (!report.exists) {
      const code = reportMissingCache(ctx, report.gomodcache, report.absence);
      return serious.length ? 1 : code;
    }
    if (ctx.json) return serious.length ? 1 : 0;
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
    // The doctor finds what this run found only when it looks as deep and at the same go.sum.
    const doctor = [
      'doctor',
      '--fix',
      ...(report.deep ? ['--deep'] : []),
      ...report.projects.flatMap((p) => ['--project-root', p]),
    ];
    const conflicts = serious.filter((p) => p.kind === 'gosum-conflict').length;
    if (serious.length > conflicts)
      ctx.print(`Run ${runHint(ctx, doctor)} to repair ${conflicts ? 'the others' : 'them'}.`);
    if (conflicts)
      ctx.print(
        'go.sum files that disagree need you: delete the line from the go.sum you do not trust, then run `go mod tidy` in that project.',
      );
    return serious.length ? 1 : 0;
  },
};
