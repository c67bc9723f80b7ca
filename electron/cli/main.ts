import '../engine/platform/heap-tuning-init';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError } from '../../shared/client';
import type { AppError } from '../../shared/errors';
import { toAppError } from '../engine/errors';
import type { ComposeOptions, Engine } from '../engine/compose';
import { CrashGuard } from '../engine/platform/crash-guard';
import { JsonLogger, silentLogger } from '../engine/platform/logger';
import type { OptionSpec } from './args';
import { parseArgs, UsageError } from './args';
import type { CliCommand, CliContext, ExitCode } from './command';
import { cliCommands } from './commands';
import { CliCrashPolicy } from './crash-policy';
import { ProgressBar } from './progress-bar';
import { makeStyle, table } from './style';

const GLOBAL_OPTIONS: OptionSpec[] = [
  {
    name: 'gomodcache',
    type: 'string',
    valueName: 'DIR',
    description: 'Module cache to use instead of go env GOMODCACHE',
  },
  {
    name: 'gocache',
    type: 'string',
    valueName: 'DIR',
    description: 'Build cache to use instead of go env GOCACHE',
  },
  {
    name: 'store',
    type: 'string',
    valueName: 'DIR',
    description: 'Backup store (default: MODVAULT_STORE or the app-data folder)',
  },
  { name: 'json', type: 'boolean', description: 'Print one JSON document for scripts' },
  { name: 'verbose', type: 'boolean', short: 'v', description: 'Log engine activity to stderr' },
  { name: 'help', type: 'boolean', short: 'h', description: 'Show help' },
];

const VERSION = '0.1.0';

function globalHelp(style: ReturnType<typeof makeStyle>): string {
  const rows = cliCommands.map((c) => [`  ${c.name}`, c.summary]);
  const opts = GLOBAL_OPTIONS.map((o) => [
    `  --${o.name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`,
    o.description,
  ]);
  return [
    `${style.bold('modvault')} ${VERSION} — backs up, restores, verifies and cleans the Go module and build caches`,
    '',
    `${style.bold('Usage:')} modvault <command> [options]`,
    '',
    style.bold('Commands:'),
    table(rows),
    '',
    style.bold('Global options:'),
    table(opts),
    '',
    "Run `modvault help <command>` for a command's options and examples.",
    'Exit codes: 0 success, 1 problems found, 2 usage or environment error.',
  ].join('\n');
}

function commandHelp(cmd: CliCommand, style: ReturnType<typeof makeStyle>): string {
  const opts = cmd.options.map((o) => [
    `  --${o.name}${o.type === 'string' ? (o.optionalValue ? `[=${o.valueName ?? 'VALUE'}]` : ` ${o.valueName ?? 'VALUE'}`) : ''}`,
    o.description,
  ]);
  return [
    `${style.bold('Usage:')} ${cmd.usage}`,
    '',
    cmd.summary + '.',
    ...(opts.length ? ['', style.bold('Options:'), table(opts)] : []),
    ...(cmd.details ? ['', cmd.details] : []),
    '',
    'Global options (--gomodcache, --gocache, --store, --json, --verbose) work with every command.',
  ].join('\n');
}

/** Splits argv into the command name and the rest; global options may come before the command. */
function findCommand(argv: string[]): { name: string | null; rest: string[] } {
  const valued = new Set(
    GLOBAL_OPTIONS.filter((o) => o.type === 'string').map((o) => `--${o.name}`),
  );
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (valued.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: null, rest: argv };
}

function exitCodeFor(error: AppError): ExitCode {
  return error.code === 'CANCELED' ? 130 : 2;
}

// First of all: a closed stdout (`modvault snapshots | head -1`) ends the command quietly, and an
// error nothing catches fails one job, not the process (see CrashGuard).
const crashGuard = new CrashGuard();
const crashPolicy = new CliCrashPolicy((text) => process.stderr.write(text));
crashGuard.install(crashPolicy);

async function main(argv: string[]): Promise<ExitCode> {
  const style = makeStyle(process.stdout.isTTY === true && !process.env.NO_COLOR);
  const errStyle = makeStyle(process.stderr.isTTY === true && !process.env.NO_COLOR);
  const { name, rest } = findCommand(argv);
  if (name === 'help') {
    const topic = rest.find((a) => !a.startsWith('-'));
    const cmd = cliCommands.find((c) => c.name === topic);
    console.log(cmd ? commandHelp(cmd, style) : globalHelp(style));
    return topic && !cmd ? 2 : 0;
  }
  if (name === null) {
    if (argv.includes('--version')) {
      console.log(VERSION);
      return 0;
    }
    console.log(globalHelp(style));
    return argv.some((a) => a === '--help' || a === '-h') ? 0 : 2;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    console.error(`modvault: unknown command "${name}". Run \`modvault help\` for the list.`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs(rest, [...GLOBAL_OPTIONS, ...command.options]);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`modvault ${command.name}: ${e.message}\n\n${commandHelp(command, errStyle)}`);
    return 2;
  }
  if (parsed.options.help) {
    console.log(commandHelp(command, style));
    return 0;
  }
  const json = parsed.options.json === true;
  crashPolicy.verbose = parsed.options.verbose === true;
  if (command.server) crashPolicy.serve();
  const str = (k: string) =>
    typeof parsed.options[k] === 'string' ? (parsed.options[k] as string) : undefined;
  // The engine is loaded only by commands that run: `help`, `--version` and usage errors start
  // without it (about half of the CLI's start-up).
  const { compose } = await import('../engine/compose');
  const composeOptions: ComposeOptions = {
    workerScript: fileURLToPath(new URL('./worker.mjs', import.meta.url)),
    overrides: { gomodcache: str('gomodcache'), gocache: str('gocache'), store: str('store') },
    logger: parsed.options.verbose
      ? new JsonLogger([(l) => process.stderr.write(l + '\n')], 'debug')
      : undefined,
    origin: 'cli',
    storeStatus: command.name === 'ui',
    ...command.engineOptions?.(parsed.options),
    crashGuard,
  };
  crashPolicy.logger = composeOptions.logger ?? silentLogger;
  // Built on first use: `ui` and `daemon` host the user's engine with ports of their own.
  let composed: Engine | null = null;
  const engineOf = (): Engine => (composed ??= compose(composeOptions));
  const interrupt = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\nCanceling… (press Ctrl-C again to quit at once)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);

  const ctx: CliContext = {
    get engine() {
      return engineOf();
    },
    composeEngine: (extra) => compose({ ...composeOptions, ...extra }),
    logger: composeOptions.logger ?? silentLogger,
    options: parsed.options,
    positionals: parsed.positionals,
    json,
    style,
    signal: interrupt.signal,
    rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
    print: (text = '') => process.stdout.write(text + '\n'),
    printJson: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    note: (text) => process.stderr.write(text + '\n'),
    async runJob(cmd, req, label) {
      const bar = ProgressBar.enabledFor(process.stderr)
        ? new ProgressBar(process.stderr, label)
        : null;
      try {
        return await engineOf().client.runJob(cmd, req, {
          signal: interrupt.signal,
          onProgress: (job) => bar?.render(job),
          // Output of tools a job runs (go clean, go mod download) is streamed to stderr.
          onOutput: (l) => {
            if (l.stream === 'info') return;
            bar?.clear();
            process.stderr.write(`${l.line}\n`);
          },
        });
      } finally {
        bar?.clear();
      }
    },
    list: (k) => {
      const v = parsed.options[k];
      return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    },
    string: str,
    flag: (k) => parsed.options[k] === true,
    paths: (k) => ctx.list(k).map((p) => path.resolve(p)),
    path: (k) => (str(k) === undefined ? undefined : path.resolve(str(k)!)),
  };

  try {
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`modvault ${command.name}: ${e.message}\n\n${commandHelp(command, errStyle)}`);
      return 2;
    }
    // Errors from the CLI's own code get the engine's treatment: a code and a message for the
    // user (the --json output is a public interface), the stack only with --verbose.
    const error: AppError = e instanceof CommandError ? e.error : toAppError(e);
    if (error.code === 'INTERNAL' && parsed.options.verbose)
      console.error(String((e as Error)?.stack ?? e));
    if (json) process.stdout.write(JSON.stringify({ error }, null, 2) + '\n');
    console.error(`${errStyle.red('modvault:')} ${error.message}`);
    if (error.path) console.error(`  path: ${error.path}`);
    if (error.fix) console.error(`  fix:  ${error.fix}`);
    return exitCodeFor(error);
  } finally {
    process.off('SIGINT', onSigint);
    await (composed as Engine | null)?.dispose();
    // Locks of work that crashed and never stopped: the process ends, so they are free now.
    crashGuard.releaseAll();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((e: unknown) => {
  crashPolicy.report(e, { origin: 'main', scope: null });
  crashGuard.releaseAll();
  return crashPolicy.exitCode;
});
