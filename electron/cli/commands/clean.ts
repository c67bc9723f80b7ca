import { createInterface } from 'node:readline/promises';
import type { CommandInput } from '../../../shared/contract';
import type { CleanItem, CleanPlan, CleanResult, CleanTarget } from '../../../shared/dto/clean';
import { CLEAN_KINDS, CLEAN_TARGETS } from '../../../shared/dto/clean';
import {
  formatBytes,
  formatCount,
  formatDate,
  parseDuration,
  parseSize,
} from '../../../shared/format';
import { UsageError } from '../args';
import { runHint } from '../hint';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { table } from '../style';
import { cleanSettingsCommand, settingsOptions } from './clean-settings';

const ITEMS_SHOWN = 40;

function request(
  ctx: CliContext,
  kind: CommandInput<'clean.plan'>['kind'],
): CommandInput<'clean.plan'> {
  const num = (name: string) => {
    const v = ctx.string(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} needs a whole number ≥ 0`);
    return n;
  };
  const parsed = <T>(name: string, parse: (s: string) => T | null, example: string) => {
    const v = ctx.string(name);
    if (v === undefined) return undefined;
    const out = parse(v);
    if (out === null) throw new UsageError(`--${name}: cannot read "${v}" (e.g. ${example})`);
    return out;
  };
  const only = ctx.list('only');
  for (const t of only)
    if (!(CLEAN_TARGETS as readonly string[]).includes(t))
      throw new UsageError(`--only takes ${CLEAN_TARGETS.join(', ')}`);
  return {
    kind,
    projectRoots: ctx.list('project-root'),
    keepLatest: num('keep-latest'),
    olderThanMs: parsed('older-than', parseDuration, '30d, 12h, 2w'),
    maxSizeBytes: parsed('max-size', parseSize, '5G, 500MiB'),
    targets: only.length ? (only as CleanTarget[]) : undefined,
    deep: ctx.flag('deep'),
  };
}

function itemRows(ctx: CliContext, items: readonly CleanItem[]): string {
  const rows = items
    .slice(0, ITEMS_SHOWN)
    .map((i) => [
      i.version ? `${i.path} ${ctx.style.dim(i.version)}` : i.path,
      formatBytes(i.bytes),
      ctx.style.dim(i.reason),
    ]);
  const more = items.length - ITEMS_SHOWN;
  return (
    table(rows, [1]) + (more > 0 ? `\n… and ${formatCount(more)} more (--json lists them all)` : '')
  );
}

function printPlan(ctx: CliContext, plan: CleanPlan): void {
  const { style } = ctx;
  ctx.print(`${style.bold(`clean ${plan.kind}`)} — plan (nothing changed yet)`);
  if (plan.items.length) ctx.print(itemRows(ctx, plan.items));
  ctx.print(
    `${formatCount(plan.items.length)} item(s), ${style.bold(formatBytes(plan.bytesReclaimable))} reclaimable.`,
  );
  printKept(ctx, plan);
  for (const n of plan.notes) ctx.note(`note: ${n}`);
  for (const b of plan.blockers)
    ctx.note(style.yellow(`blocked: ${b.name} (pid ${b.pid}) is running: ${b.command}`));
}

function printKept(ctx: CliContext, plan: CleanPlan): void {
  if (plan.kind !== 'unused') return;
  const inUse = plan.kept.filter((k) => k.reason === 'in-use').length;
  ctx.print(
    `Kept ${formatCount(plan.kept.length)} version(s): ${formatCount(inUse)} in use by ${formatCount(plan.projects.length)} project(s)` +
      (ctx.flag('show-kept') ? ':' : ' (--show-kept lists them).'),
  );
  if (!ctx.flag('show-kept')) return;
  ctx.print(
    table(
      plan.kept.map((k) => [
        `${k.path} ${ctx.style.dim(k.version)}`,
        k.reason,
        k.projects.join(', '),
      ]),
    ),
  );
}

function printResult(ctx: CliContext, r: CleanResult): void {
  const { style } = ctx;
  if (r.items.length) ctx.print(itemRows(ctx, r.items));
  const verb =
    r.mode === 'quarantine'
      ? 'moved to the quarantine'
      : r.mode === 'toolchain'
        ? 'removed by go clean'
        : 'deleted';
  ctx.print(
    `${formatCount(r.items.length)} item(s), ${style.bold(formatBytes(r.bytesFreed))} ${verb}.`,
  );
  if (r.quarantineId) {
    // Quarantining moves files: the space comes back only when the quarantine is purged.
    ctx.print(
      `The space is freed when the quarantine is purged${r.purgeAt ? `, on ${formatDate(r.purgeAt)}` : ''}; to free it now, run ${runHint(ctx, ['quarantine', 'purge', r.quarantineId])}.`,
    );
    ctx.print(`Undo with: ${runHint(ctx, ['quarantine', 'undo', r.quarantineId])}`);
  }
  if (r.backupSnapshotId) ctx.print(`Backed up first in snapshot ${r.backupSnapshotId}.`);
  for (const f of r.failed)
    ctx.note(style.red(`failed: ${f.version ? `${f.path}@${f.version}` : f.path}: ${f.message}`));
  for (const n of r.notes) ctx.note(`note: ${n}`);
}

async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function runKind(
  ctx: CliContext,
  kind: CommandInput<'clean.plan'>['kind'],
): Promise<ExitCode> {
  for (const name of ['quarantine-days', 'quarantine-dir'])
    if (ctx.string(name) !== undefined)
      throw new UsageError(`--${name} belongs to \`modvault clean settings\``);
  if (ctx.flag('delete') && ctx.flag('toolchain'))
    throw new UsageError('--delete and --toolchain exclude each other');
  const req = request(ctx, kind);
  const interactive = !ctx.json && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (ctx.flag('dry-run') || (interactive && !ctx.flag('yes'))) {
    const plan = await ctx.runJob('clean.plan', req, 'Planning');
    if (ctx.flag('dry-run')) {
      if (ctx.json) ctx.printJson({ ...plan, bytesFreed: 0, quarantineId: null, dryRun: true });
      else printPlan(ctx, plan);
      return 0;
    }
    printPlan(ctx, plan);
    if (plan.items.length === 0) return 0;
    const how = ctx.flag('delete') ? 'Delete them for good' : 'Move them to quarantine (undoable)';
    if (!(await confirm(ctx, `${how}?`))) return 0;
  }
  const result = await ctx.runJob(
    'clean.run',
    {
      ...req,
      mode: ctx.flag('delete') ? 'delete' : ctx.flag('toolchain') ? 'toolchain' : undefined,
      backupFirst:
        typeof ctx.options['backup-first'] === 'boolean' ? ctx.flag('backup-first') : undefined,
    },
    'Cleaning',
  );
  if (ctx.json) ctx.printJson(result);
  else printResult(ctx, result);
  return result.failed.length ? 1 : 0;
}

export const cleanCommand: CliCommand = {
  name: 'clean',
  summary: 'Free space safely: unused versions, broken entries, old build outputs — with undo',
  usage: `modvault clean ${CLEAN_KINDS.join('|')}|settings [options]`,
  options: [
    {
      name: 'project-root',
      type: 'string',
      multiple: true,
      valueName: 'DIR',
      description:
        'Folder with Go projects that define what is in use (repeatable; default: settings)',
    },
    {
      name: 'keep-latest',
      type: 'string',
      valueName: 'N',
      description: 'unused: keep the N newest versions of every module',
    },
    {
      name: 'older-than',
      type: 'string',
      valueName: 'D',
      description: 'unused: downloaded longer ago than D; gocache: unused for D (default 5d)',
    },
    {
      name: 'max-size',
      type: 'string',
      valueName: 'S',
      description: 'gocache: remove least recently used entries until the cache fits S',
    },
    {
      name: 'only',
      type: 'string',
      multiple: true,
      valueName: 'T',
      description: `all: only these of ${CLEAN_TARGETS.join(', ')} (default modcache, cache, testcache)`,
    },
    { name: 'deep', type: 'boolean', description: 'corrupt: also hash extracted trees' },
    { name: 'dry-run', type: 'boolean', description: 'Show the plan and change nothing' },
    {
      name: 'delete',
      type: 'boolean',
      description: 'Delete at once instead of quarantining (no undo)',
    },
    {
      name: 'toolchain',
      type: 'boolean',
      description: 'all: let `go clean` do it (deletes; ModVault does it itself without Go)',
    },
    {
      name: 'backup-first',
      type: 'boolean',
      description: 'Snapshot what is about to go first (needs the backup store)',
    },
    {
      name: 'show-kept',
      type: 'boolean',
      description: 'unused: list the versions kept and the projects using them',
    },
    {
      name: 'yes',
      type: 'boolean',
      short: 'y',
      description: 'Do not ask for confirmation on a terminal',
    },
    ...settingsOptions,
  ],
  details: [
    'Nothing is deleted by default: items move by rename into a quarantine folder on the same',
    'volume (`.modvault-quarantine` beside the cache) and `modvault quarantine undo ID` puts them',
    'back exactly. Every action goes to the audit log. Exit code 1 when an item failed.',
    '',
    'Examples:',
    '  modvault clean unused --project-root ~/src --dry-run',
    '  modvault clean unused --project-root ~/src --keep-latest 1 --older-than 90d',
    '  modvault clean corrupt',
    '  modvault clean gocache --max-size 5G',
    '  modvault clean all --only modcache --toolchain',
    '  modvault clean settings --project-root ~/src --project-root ~/work --quarantine-days 30',
  ].join('\n'),
  async run(ctx) {
    const [what, ...extra] = ctx.positionals;
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (what === 'settings') return cleanSettingsCommand(ctx);
    if (!what || !(CLEAN_KINDS as readonly string[]).includes(what))
      throw new UsageError(`say what to clean: ${CLEAN_KINDS.join(', ')} (or settings)`);
    return runKind(ctx, what as CommandInput<'clean.plan'>['kind']);
  },
};
