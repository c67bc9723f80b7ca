import path from 'node:path';
import type { CliCommand } from '../command';
import { UsageError } from '../args';
import { table } from '../style';

export const projectsCommand: CliCommand = {
  name: 'projects',
  summary: 'Find Go projects (go.mod, go.work) under folders',
  usage: 'modvault projects ROOT... [--max-depth N] [--json]',
  options: [
    {
      name: 'max-depth',
      type: 'string',
      valueName: 'N',
      description: 'How deep to search (default 8)',
    },
  ],
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('give at least one folder to search');
    const depth = ctx.string('max-depth');
    const maxDepth = depth === undefined ? undefined : Number(depth);
    if (maxDepth !== undefined && !(Number.isInteger(maxDepth) && maxDepth > 0))
      throw new UsageError('--max-depth needs a positive whole number');
    const report = await ctx.runJob(
      'projects.find',
      { roots: ctx.positionals.map((p) => path.resolve(p)), maxDepth },
      'Searching',
    );
    if (ctx.json) {
      ctx.printJson(report);
      return 0;
    }
    const { style } = ctx;
    const rows = [
      [
        style.bold('MODULE'),
        style.bold('GO'),
        style.bold('REQUIRES'),
        style.bold('GO.SUM'),
        style.bold('DIR'),
      ],
    ];
    for (const p of report.projects) {
      rows.push([
        p.module ?? style.dim('(no module line)'),
        p.goVersion ?? '',
        String(p.requires.length),
        p.hasGoSum ? String(p.sumCount) : style.dim('none'),
        p.dir,
      ]);
    }
    ctx.print(report.projects.length ? table(rows, [2, 3]) : 'No Go projects found.');
    for (const s of report.skipped) ctx.note(`skipped ${s.path}: ${s.reason}`);
    return 0;
  },
};
