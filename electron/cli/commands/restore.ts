import type { CommandInput } from '../../../shared/contract';
import type { RemoteRestoreResult } from '../../../shared/dto/remote';
import type { RestorePlan, RestoreResult } from '../../../shared/dto/restore';
import { RESTORE_MODES, RESTORE_STATUSES } from '../../../shared/dto/restore';
import type { RestoreMode } from '../../../shared/dto/restore';
import { formatBytes, formatCount, formatDateTime, formatDuration } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand, CliContext, ExitCode } from '../command';
import { runHint } from '../hint';
import { table } from '../style';
import { passphraseOption, remoteOption, remoteTarget } from './remote-options';

const SHOWN = 20;

function request(ctx: CliContext): CommandInput<'restore.run'> {
  if (ctx.positionals.length > 1) throw new UsageError('give at most one snapshot id');
  const mode = ctx.string('mode') ?? 'quick';
  if (!(RESTORE_MODES as readonly string[]).includes(mode))
    throw new UsageError(`--mode takes ${RESTORE_MODES.join(' or ')}`);
  return {
    snapshot: ctx.positionals[0] ?? 'latest',
    mode: mode as RestoreMode,
    projects: ctx.list('project'),
    modules: ctx.list('module'),
    target: ctx.string('target-gomodcache'),
    repair: ctx.flag('repair'),
    gocache: ctx.flag('gocache'),
    links: ctx.options.links !== false,
  };
}

/** A plan as the result a restore would have: the same --json shape, nothing written. */
function dryRun(plan: RestorePlan): RestoreResult {
  return {
    dryRun: true,
    snapshot: plan.snapshot.id,
    mode: plan.mode,
    target: plan.target,
    restored: 0,
    skipped: plan.versions.filter((v) => v.parts.length === 0).length,
    failed: plan.notInSnapshot.map((m) => ({
      ...m,
      reason: 'not-in-snapshot',
      message: `snapshot ${plan.snapshot.id} does not hold ${m.version ? `${m.path}@${m.version}` : m.path}`,
    })),
    verified: 0,
    mismatches: plan.mismatches,
    repaired: 0,
    quarantineIds: [],
    filesWritten: 0,
    bytesWritten: 0,
    buildCache: plan.buildCache ? { restored: 0, skipped: plan.buildCache.present } : null,
    goCommand: plan.goCommand,
    plan,
    durationMs: 0,
  };
}

/** The same restore with --repair, as the user types it (what replaces damaged versions). */
function repairArgs(req: CommandInput<'restore.run'>): string[] {
  const args: (string | undefined)[] = [
    'restore',
    ...(req.snapshot && req.snapshot !== 'latest' ? [req.snapshot] : []),
    ...(req.mode && req.mode !== 'quick' ? ['--mode', req.mode] : []),
    ...(req.projects ?? []).flatMap((p) => ['--project', p]),
    ...(req.modules ?? []).flatMap((m) => ['--module', m]),
    ...(req.target ? ['--target-gomodcache', req.target] : []),
    ...(req.gocache ? ['--gocache'] : []),
    ...(req.links === false ? ['--no-links'] : []),
    '--repair',
  ];
  return args.filter((a): a is string => a !== undefined);
}

function printPlan(ctx: CliContext, plan: RestorePlan): void {
  const { style } = ctx;
  ctx.print(
    `${style.bold('Snapshot')} ${style.cyan(plan.snapshot.id)} (${formatDateTime(plan.snapshot.time)}, ${plan.snapshot.host}) → ${plan.target} ${style.dim(`(${plan.mode})`)}`,
  );
  const rows = RESTORE_STATUSES.filter((s) => plan.counts[s] > 0).map((s) => [
    `  ${s}`,
    formatCount(plan.counts[s]),
    formatBytes(plan.bytes[s]),
    s === 'damaged' && !plan.repair ? style.yellow('left alone') : '',
  ]);
  if (rows.length) {
    ctx.print(style.dim('  Versions by state, with the unpacked size of their module files:'));
    ctx.print(table(rows, [1, 2]));
  }
  const damaged = plan.versions.filter((v) => v.status === 'damaged');
  for (const v of damaged.slice(0, SHOWN))
    ctx.print(style.dim(`    ${v.path}@${v.version}: ${v.reason}`));
  if (damaged.length > SHOWN) ctx.print(style.dim(`    … and ${damaged.length - SHOWN} more`));
  if (damaged.length && !plan.repair)
    ctx.print(
      `Damaged versions are left alone: run ${runHint(ctx, repairArgs(request(ctx)))} to replace them (their old files go to the quarantine).`,
    );
  const extra = [
    plan.sumdb.files ? `${formatCount(plan.sumdb.files)} checksum-database files` : '',
    plan.buildCache ? `${formatCount(plan.buildCache.files)} build-cache entries` : '',
  ].filter(Boolean);
  ctx.print(
    `Writes ${formatCount(plan.toRestore)} version(s): ${formatBytes(plan.bytesToWrite)} of ${plan.mode === 'full' ? 'zips and unpacked trees' : 'zips (plus small .mod and .info files)'}${extra.length ? ` + ${extra.join(' + ')}` : ''}; needs ${formatBytes(plan.space.neededBytes)} on disk, ${formatBytes(plan.space.freeBytes)} free.`,
  );
  for (const u of plan.unavailable.slice(0, SHOWN))
    ctx.note(style.dim(`not in the snapshot: ${u.path}@${u.version} (${u.need}, from ${u.from})`));
  if (plan.unavailable.length > SHOWN)
    ctx.note(style.dim(`… and ${plan.unavailable.length - SHOWN} more (--json lists them)`));
  for (const n of plan.notes) ctx.note(`note: ${n}`);
}

function printResult(ctx: CliContext, r: RestoreResult): void {
  const { style } = ctx;
  ctx.print(
    `${style.bold('Restored')} ${formatCount(r.restored)} version(s) (${formatCount(r.filesWritten)} files, ${formatBytes(r.bytesWritten)}) in ${formatDuration(r.durationMs)}; ${formatCount(r.skipped)} left as they were.`,
  );
  if (r.repaired)
    ctx.print(
      `Replaced ${formatCount(r.repaired)} damaged version(s); their old files are in the quarantine (undo: ${r.quarantineIds.map((id) => runHint(ctx, ['quarantine', 'undo', id])).join(', ')}).`,
    );
  if (r.buildCache)
    ctx.print(`Build cache: ${formatCount(r.buildCache.restored)} entries restored.`);
  const against = r.plan.projects.length
    ? ` and ${formatCount(r.plan.projects.length)} project(s)' go.sum`
    : '';
  const verified = `Verified ${formatCount(r.verified)} of ${formatCount(r.restored)}: read back from disk, they hash to the snapshot's h1${against}.`;
  ctx.print(r.verified === r.restored ? style.green(verified) : style.yellow(verified));
  for (const m of r.mismatches)
    ctx.print(style.red(`MISMATCH ${m.path}@${m.version} (${m.what}): ${m.message}`));
  for (const f of r.failed) {
    ctx.print(style.red(`failed   ${f.version ? `${f.path}@${f.version}` : f.path}: ${f.message}`));
    if (f.fix) ctx.print(style.dim(`         fix: ${f.fix}`));
  }
  ctx.print(`Double-check with Go: ${style.cyan(r.goCommand)}`);
}

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Bring module versions back from a snapshot, verified',
  usage:
    'modvault restore [SNAPSHOT] [--from REMOTE] [--mode quick|full] [--project DIR]... [--module M[@V]]... [--target-gomodcache DIR] [--repair] [--gocache] [--no-links] [--dry-run] [--toolchain] [--json]',
  options: [
    {
      name: 'mode',
      type: 'string',
      valueName: 'MODE',
      description:
        'quick (default): zips, .mod, .info; Go extracts on demand. full: also the trees',
    },
    {
      name: 'project',
      type: 'string',
      multiple: true,
      valueName: 'DIR',
      description: 'Only what this project needs (its go.sum and go.mod); repeatable',
    },
    {
      name: 'module',
      type: 'string',
      multiple: true,
      valueName: 'M[@V]',
      description: 'Only this module (every version) or version; repeatable',
    },
    {
      name: 'target-gomodcache',
      type: 'string',
      valueName: 'DIR',
      description: 'Restore into this module cache instead of GOMODCACHE (e.g. a new machine)',
    },
    {
      name: 'repair',
      type: 'boolean',
      description: 'Also replace damaged versions (old files go to the quarantine)',
    },
    {
      name: 'gocache',
      type: 'boolean',
      description: 'Also restore the build cache (entries dated now)',
    },
    {
      name: 'links',
      type: 'boolean',
      description:
        'Full mode: hard-link files identical between versions of a module (default); --no-links copies',
    },
    {
      name: 'dry-run',
      type: 'boolean',
      description: 'Show the plan (counts, bytes, space) and stop',
    },
    {
      name: 'toolchain',
      type: 'boolean',
      description:
        'Let `go mod download` fetch the --project from the snapshot (served on 127.0.0.1)',
    },
    remoteOption('from', 'Restore a snapshot of this remote (no local store needed)'),
    passphraseOption,
  ],
  details: [
    'Compares the snapshot (default: latest) with the module cache: missing and incomplete',
    'versions are written, healthy ones are never touched, damaged ones only with --repair.',
    'Free space is checked before anything is written. Every restored zip and tree is read',
    "back and must hash to the snapshot's h1 and to the projects' go.sum; a difference is",
    'reported as possible tampering. Exit code 1 when something failed or did not match, or',
    'damaged versions were left alone.',
    '',
    'Examples:',
    '  modvault restore                                 # everything, quick',
    '  modvault restore --mode full --dry-run',
    '  modvault restore --project ~/src/app',
    '  modvault restore 3f2a9c1d --module github.com/google/uuid@v1.3.0 --repair',
    '  modvault restore --target-gomodcache /mnt/new/go/pkg/mod',
    '  modvault restore --toolchain --project ~/src/app',
    '  modvault restore --from team --project . --mode full   # a new machine, no store',
    '',
    'With --from, only the pack ranges the chosen versions need are downloaded, and all of',
    'them are checked before anything is written to the module cache.',
  ].join('\n'),
  async run(ctx): Promise<ExitCode> {
    const req = request(ctx);
    const remote = ctx.string('from') !== undefined ? remoteTarget(ctx, 'from') : null;
    if (ctx.flag('toolchain')) {
      if (remote) throw new UsageError('--toolchain restores from the local store only');
      return toolchain(ctx, req);
    }
    if (ctx.flag('dry-run')) {
      const plan = remote
        ? await ctx.runJob('remote.restorePlan', { ...req, ...remote }, 'Planning')
        : await ctx.runJob('restore.plan', req, 'Planning');
      if (ctx.json) ctx.printJson(dryRun(plan));
      else {
        printPlan(ctx, plan);
        ctx.print(ctx.style.dim('Dry run: nothing was written.'));
      }
      // The exit code the restore itself would give: 1 if it would leave something broken.
      const leftDamaged = plan.versions.some((v) => v.needsRepair);
      return plan.notInSnapshot.length || plan.mismatches.length || leftDamaged ? 1 : 0;
    }
    const r: RestoreResult & Partial<Pick<RemoteRestoreResult, 'fetched'>> = remote
      ? await ctx.runJob('remote.restore', { ...req, ...remote }, `Restoring from ${remote.remote}`)
      : await ctx.runJob('restore.run', req, 'Restoring');
    if (ctx.json) ctx.printJson(r);
    else {
      printPlan(ctx, r.plan);
      if (r.fetched)
        ctx.print(
          ctx.style.dim(
            `Fetched ${formatBytes(r.fetched.bytes)} from ${formatCount(r.fetched.packs)} packs of ${remote!.remote} in ${formatCount(r.fetched.requests)} requests.`,
          ),
        );
      ctx.print();
      printResult(ctx, r);
    }
    const leftDamaged = r.plan.versions.some((v) => v.needsRepair);
    return r.failed.length || r.mismatches.length || leftDamaged ? 1 : 0;
  },
};

async function toolchain(ctx: CliContext, req: CommandInput<'restore.run'>): Promise<ExitCode> {
  if (req.projects?.length !== 1)
    throw new UsageError('--toolchain needs exactly one --project DIR');
  if (req.modules?.length || req.repair || req.gocache || ctx.flag('dry-run') || ctx.string('mode'))
    throw new UsageError('--toolchain takes only SNAPSHOT, --project and --target-gomodcache');
  const r = await ctx.runJob(
    'restore.toolchain',
    { snapshot: req.snapshot, project: req.projects[0]!, target: req.target },
    'go mod download',
  );
  if (ctx.json) ctx.printJson(r);
  else
    ctx.print(
      `go mod download fetched ${formatCount(r.served)} module zip(s) from snapshot ${r.snapshot} in ${formatDuration(r.durationMs)} (${r.command}).`,
    );
  return 0;
}
