import type { CliContext } from './command';

/** Global options a pasted command needs to act on the same cache and store as this run. */
const CARRIED = ['gomodcache', 'gocache', 'store'] as const;

/** A word the shell reads as itself; anything else goes in single quotes. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command a hint tells the user to run, exactly as it must be typed: `modvault`, the
 * global options this run was given, then `args`. Every "Run `…`" the CLI prints comes from
 * here, so that running it as printed acts on what the hint is about.
 */
export function commandLine(ctx: Pick<CliContext, 'string'>, args: string[]): string {
  const globals = CARRIED.flatMap((name) => {
    const v = ctx.string(name);
    return v === undefined ? [] : [`--${name}`, v];
  });
  return ['modvault', ...globals, ...args].map(quote).join(' ');
}

/** A hint's command in backquotes (how the CLI marks what can be pasted). */
export function runHint(ctx: Pick<CliContext, 'string'>, args: string[]): string {
  return `\`${commandLine(ctx, args)}\``;
}
