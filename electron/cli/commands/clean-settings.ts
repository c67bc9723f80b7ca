import path from 'node:path';
import type { Settings } from '../../../shared/dto/settings';
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

/**
 * `modvault clean settings [...]`: shows the cleanup settings, or changes the options given.
 * They are the app's settings (the desktop app's Settings page shows the same values).
 */
export async function cleanSettingsCommand(ctx: CliContext): Promise<ExitCode> {
  const change: Partial<Settings> = {};
  const roots = ctx.list('project-root');
  if (roots.length) change.projectRoots = roots.map((r) => path.resolve(r));
  const days = ctx.string('quarantine-days');
  if (days !== undefined) {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 3650)
      throw new UsageError('--quarantine-days needs a whole number of days from 1 to 3650');
    change.quarantineRetentionDays = n;
  }
  const dir = ctx.string('quarantine-dir');
  if (dir !== undefined) change.quarantineDir = dir === 'default' ? null : path.resolve(dir);
  if (typeof ctx.options['backup-first'] === 'boolean')
    change.backupFirst = ctx.flag('backup-first');
  if (typeof ctx.options.toolchain === 'boolean') change.preferToolchain = ctx.flag('toolchain');
  const view = Object.keys(change).length
    ? await ctx.engine.client.query('settings.update', change)
    : await ctx.engine.client.query('settings.get', {});
  const { settings } = view;
  if (ctx.json) {
    ctx.printJson(settings);
    return 0;
  }
  for (const w of view.warnings) ctx.note(w);
  ctx.print(
    table([
      [
        'project roots',
        settings.projectRoots.join(', ') || ctx.style.dim('(none: pass --project-root)'),
      ],
      ['quarantine days', String(settings.quarantineRetentionDays)],
      [
        'quarantine folder',
        settings.quarantineDir ?? ctx.style.dim('.modvault-quarantine beside each cache'),
      ],
      ['back up first', settings.backupFirst ? 'yes' : 'no'],
      ['clean all with go clean', settings.preferToolchain ? 'yes' : 'no'],
      ['settings file', ctx.style.dim(view.file)],
    ]),
  );
  return 0;
}
