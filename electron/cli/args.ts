// A small, strict argument parser: subcommands declare their options, and anything unknown is a
// usage error (exit code 2) rather than silently ignored.

export interface OptionSpec {
  name: string;
  type: 'boolean' | 'string';
  /** May be given several times; the values are collected in order. */
  multiple?: boolean;
  /** A string option that may also appear bare (--read-data or --read-data=10). */
  optionalValue?: boolean;
  short?: string;
  valueName?: string;
  description: string;
}

export type OptionValues = Record<string, boolean | string | string[] | undefined>;

export interface ParsedArgs {
  options: OptionValues;
  positionals: string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The value after `--name`: an option in its place means the value is missing. */
function valueAfter(argv: readonly string[], i: number, what: string, spec: OptionSpec): string {
  const next = argv[i];
  if (next === undefined || (next.startsWith('-') && next !== '-'))
    throw new UsageError(`${what} needs a ${spec.valueName ?? 'value'}`);
  return next;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const options: OptionValues = {};
  const positionals: string[] = [];
  const set = (spec: OptionSpec, value: string | boolean) => {
    if (spec.multiple) {
      const list = (options[spec.name] as string[] | undefined) ?? [];
      list.push(String(value));
      options[spec.name] = list;
    } else {
      options[spec.name] = value;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const spec = byName.get(name);
      if (!spec && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean') {
        options[name.slice(3)] = false;
        continue;
      }
      if (!spec) throw new UsageError(`unknown option --${name}`);
      if (spec.type === 'boolean') {
        if (inline !== undefined && !['true', 'false'].includes(inline))
          throw new UsageError(`--${name} takes no value`);
        set(spec, inline !== 'false');
      } else if (inline !== undefined) {
        set(spec, inline);
      } else if (spec.optionalValue) {
        set(spec, '');
      } else {
        // `--project --deep` is a forgotten value, not a folder named "--deep".
        set(spec, valueAfter(argv, ++i, `--${name}`, spec));
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const spec = byShort.get(arg.slice(1));
      if (!spec) throw new UsageError(`unknown option ${arg}`);
      if (spec.type === 'boolean') set(spec, true);
      else set(spec, valueAfter(argv, ++i, arg, spec));
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals };
}

/** A `--port` value: 0 (any free port, the default) to 65535. */
export function portOption(text: string | undefined): number {
  const port = Number(text ?? '0');
  if (!/^\d+$/.test(text ?? '0') || port > 65535)
    throw new UsageError('--port needs a whole number from 0 to 65535');
  return port;
}
