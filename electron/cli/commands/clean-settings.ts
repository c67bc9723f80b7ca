import type { CleanSettings } from '../../../shared/dto/clean';
import type { OptionSpec } from '../args';
import { UsageError } from '../args';
import type { CliContext, ExitCode } from '../command';
import { table } from '../style';

/** Options only `modvault clean settings` takes (project roots and booleans are shared). */
export const settingsOptions: OptionSpec[] = [
  {
    name: 'quarantine-days',
    type: 'string',
    valueName: 'N',
    description: 'settings: purge quarantines older than N days (default 14)',
  },
  {
    name: 'quarantine-dir',
    type: 'string',
    valueName: 'DIR',
    description: 'settings: quarantine folder ("default": beside each cache)',
  },
];

/** `modvault clean settings [...]`: shows the settings, or changes the options given. */
export async function cleanSettingsCommand(ctx: CliContext): Promise<ExitCode> {
  const change: Partial<CleanSettings> = {};
  const roots = ctx.list('project-root');
  if (roots.length) change.projectRoots = roots;
  const days = ctx.string('quarantine-days');
  if (days !== undefined) {
    const n = Number(days);
    if (!Number.isFinite(n) || n < 0) throw new UsageError('--quarantine-days needs a number ≥ 0');
    change.quarantineDays = n;
  }
  const dir = ctx.string('quarantine-dir');
  if (dir !== undefined) change.quarantineDir = dir === 'default' ? null : dir;
  if (typeof ctx.options['backup-first'] === 'boolean')
    change.backupFirst = ctx.flag('backup-first');
  if (typeof ctx.options.toolchain === 'boolean') change.preferToolchain = ctx.flag('toolchain');
  const settings = Object.keys(change).length
    ? await ctx.engine.client.query('clean.settings.set', change)
    : await ctx.engine.client.query('clean.settings.get', {});
  if (ctx.json) {
    ctx.printJson(settings);
    return 0;
  }
  ctx.print(
    table([
      [
        'project roots',
        settings.projectRoots.join(', ') || ctx.style.dim('(none: pass --project-root)'),
      ],
      ['quarantine days', String(settings.quarantineDays)],
      [
        'quarantine folder',
        settings.quarantineDir ?? ctx.style.dim('.modvault-quarantine beside each cache'),
      ],
      ['back up first', settings.backupFirst ? 'yes' : 'no'],
      ['clean all with go clean', settings.preferToolchain ? 'yes' : 'no'],
    ]),
  );
  return 0;
}
