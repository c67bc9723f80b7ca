import type { DoctorFinding, DoctorReport } from '../../../shared/dto/doctor';
import { formatCount, formatDuration } from '../../../shared/format';
import { createI18n } from '../../../shared/i18n';
import type { MessageKey } from '../../../shared/i18n';
import type { CliCommand, CliContext } from '../command';
import { runHint } from '../hint';

const english = createI18n('en');

/** The command that repairs what this run found: as deep, against the same projects. */
function fixArgs(ctx: CliContext): string[] {
  return [
    'doctor',
    '--fix',
    ...(ctx.flag('deep') ? ['--deep'] : []),
    ...ctx.list('project-root').flatMap((p) => ['--project-root', p]),
  ];
}

/** What to do about a finding; for a repairable one, the exact command that repairs it. */
function fixText(ctx: CliContext, f: DoctorFinding): string | undefined {
  if (f.command) return `${f.fix ?? ''} Run ${runHint(ctx, f.command)}.`.trim();
  if (!f.action || !f.text?.fix) return f.fix;
  const t = english.t as (k: MessageKey, p: unknown) => string;
  return `${t(f.text.fix as MessageKey, f.text.params)} Run ${runHint(ctx, fixArgs(ctx))}.`;
}

const AREAS = [
  ['environment', 'Environment'],
  ['cache', 'Module cache'],
  ['projects', 'Projects'],
] as const;

function printFindings(ctx: CliContext, findings: DoctorFinding[]): void {
  const { style } = ctx;
  for (const [area, title] of AREAS) {
    const list = findings.filter((f) => f.area === area);
    if (list.length === 0) continue;
    ctx.print(style.bold(title));
    for (const f of list) {
      const tag =
        f.severity === 'error'
          ? style.red('error  ')
          : f.severity === 'warning'
            ? style.yellow('warning')
            : style.dim('info   ');
      ctx.print(`  ${tag} ${f.message}`);
      if (f.severity === 'info') continue;
      ctx.print(style.dim(`          why: ${f.explanation}`));
      const fix = fixText(ctx, f);
      if (fix) ctx.print(`          fix: ${fix}`);
    }
    ctx.print();
  }
}

function summary(ctx: CliContext, findings: DoctorFinding[]): string {
  const n = (s: DoctorFinding['severity']) => findings.filter((f) => f.severity === s).length;
  const text = `${formatCount(n('error'))} error(s), ${formatCount(n('warning'))} warning(s), ${formatCount(n('info'))} note(s)`;
  return n('error')
    ? ctx.style.red(text)
    : n('warning')
      ? ctx.style.yellow(text)
      : ctx.style.green(text);
}

function printReport(ctx: CliContext, r: DoctorReport): void {
  const { style } = ctx;
  printFindings(ctx, r.findings);
  ctx.print(`${summary(ctx, r.findings)} in ${formatDuration(r.durationMs)}.`);
  if (r.remaining === null) {
    if (r.findings.some((f) => f.action))
      ctx.print(`Run ${runHint(ctx, fixArgs(ctx))} to repair what can be repaired.`);
    return;
  }
  ctx.print();
  if (r.fixes.length === 0) ctx.print('Nothing to repair automatically.');
  else ctx.print(style.bold('Repairs'));
  for (const f of r.fixes) {
    const what = f.version ? `${f.path}@${f.version}` : f.path;
    const status = !f.ok
      ? style.red('failed  ')
      : f.verified
        ? style.green('verified')
        : style.yellow('unverified');
    ctx.print(`  ${status} ${f.action} ${what}: ${f.message}`);
  }
  if (r.fixes.some((f) => f.quarantineId))
    ctx.print(
      style.dim(
        `  Replaced files are in the quarantine: ${runHint(ctx, ['quarantine', 'list'])} shows them.`,
      ),
    );
  ctx.print();
  ctx.print(`After repairs: ${summary(ctx, r.remaining)}.`);
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Check the Go environment and the caches; repair what is broken with --fix',
  usage: 'modvault doctor [--fix] [--deep] [--project-root DIR]... [--json]',
  options: [
    { name: 'fix', type: 'boolean', description: 'Repair what can be repaired, then check again' },
    { name: 'deep', type: 'boolean', description: 'Also hash every extracted tree' },
    {
      name: 'project-root',
      type: 'string',
      multiple: true,
      valueName: 'DIR',
      description:
        "Compare the cache with these projects' go.sum (default: the project folders in the settings)",
    },
  ],
  details: [
    'Each finding has a severity, an explanation of what Go does with it, and a fix. --fix',
    're-extracts trees from verified zips, rewrites bad .ziphash/.mod files, downloads damaged',
    'versions again through GOPROXY, and moves leftovers away; whatever it replaces goes to the',
    'quarantine first. Exit code 1 when errors or warnings remain.',
    '',
    'Examples:',
    '  modvault doctor',
    '  modvault doctor --deep --project-root ~/src',
    '  modvault doctor --fix',
  ].join('\n'),
  async run(ctx) {
    const report = await ctx.runJob(
      'doctor.run',
      { fix: ctx.flag('fix'), deep: ctx.flag('deep'), projectRoots: ctx.list('project-root') },
      ctx.flag('fix') ? 'Repairing' : 'Checking',
    );
    if (ctx.json) ctx.printJson(report);
    else printReport(ctx, report);
    const final = report.remaining ?? report.findings;
    return final.some((f) => f.severity !== 'info') ? 1 : 0;
  },
};
