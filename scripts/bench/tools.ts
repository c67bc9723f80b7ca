import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { RestoreResult } from '../../shared/dto/restore';
import type { BenchContext } from './context';
import type { Contender, Measurement } from './measure';
import { goPeerBinary } from './peer-bin';

/** One backup tool as the comparison drives it: the same folder in, the same folder out. */
export interface BackupTool {
  /** Column heading, with the version measured. */
  label: string;
  /** Empties and creates its repository (not timed). */
  reset(): Promise<void>;
  /** A backup of the folder; run again, the no-op backup. */
  backup: Contender;
  /** Restores the latest backup into `target` (cleared before each run). */
  restore(target: string): Contender;
  /** ModVault's quick restore (cache/download only); peers have none. */
  quickRestore?(target: string): Contender;
  repoBytes(): number;
  /** Throws when a run's output says it did not do the whole job. */
  check?(what: 'backup' | 'restore', m: Measurement): void;
}

export function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(full) : e.isFile() ? statSync(full).size : 0;
  }
  return n;
}

/** Removes a folder that may hold Go's read-only trees. */
export async function clearDir(dir: string): Promise<void> {
  if (existsSync(dir)) execFileSync('chmod', ['-R', 'u+w', dir]);
  await rm(dir, { recursive: true, force: true });
}

function version(cmd: string, args: string[], pattern: RegExp): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return pattern.exec(`${r.stdout}${r.stderr}`)?.[1] ?? '?';
}

function modvault(ctx: BenchContext, src: string, env: Record<string, string>, work: string) {
  const store = path.join(work, 'store');
  const restore = (mode: 'full' | 'quick') => (target: string) => ({
    cmd: process.execPath,
    args: [ctx.cli, 'restore', '--json', '--store', store, '--mode', mode].concat(
      '--target-gomodcache',
      path.join(target, 'gopath', 'pkg', 'mod'),
    ),
    env,
  });
  const tool: BackupTool = {
    label: 'ModVault',
    reset: () => rm(store, { recursive: true, force: true }),
    backup: {
      cmd: process.execPath,
      args: [ctx.cli, 'snapshot', '--json', '--store', store],
      env: { ...env, GOMODCACHE: src },
    },
    restore: restore('full'),
    quickRestore: restore('quick'),
    repoBytes: () => dirBytes(store),
    check(what, m) {
      if (what === 'backup') {
        const r = JSON.parse(m.stdout) as { problems: unknown[] };
        if (r.problems.length) throw new Error(`the snapshot reported problems: ${m.stdout}`);
        return;
      }
      const r = JSON.parse(m.stdout) as RestoreResult;
      if (r.failed.length || r.mismatches.length || r.verified !== r.restored)
        throw new Error(`the restore did not verify: ${m.stdout.slice(0, 2000)}`);
    },
  };
  return tool;
}

function restic(bin: string, label: string, src: string, work: string): BackupTool {
  const repo = path.join(work, 'repo');
  const env = { RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: path.join(work, 'cache') };
  return {
    label,
    async reset() {
      await rm(work, { recursive: true, force: true });
      execFileSync(bin, ['init', '-q', '-r', repo], { env: { ...process.env, ...env } });
    },
    backup: { cmd: bin, args: ['-r', repo, 'backup', '-q', src], env },
    restore: (target) => ({
      cmd: bin,
      args: ['-r', repo, 'restore', 'latest', '-q', '--target', target],
      env,
    }),
    repoBytes: () => dirBytes(repo),
  };
}

function kopia(bin: string, label: string, src: string, work: string): BackupTool {
  const config = path.join(work, 'kopia.config');
  const env = {
    KOPIA_PASSWORD: 'bench',
    KOPIA_CHECK_FOR_UPDATES: 'false',
    KOPIA_CONFIG_PATH: config,
    KOPIA_LOG_DIR: path.join(work, 'logs'),
  };
  const run = (args: string[]) =>
    execFileSync(bin, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  return {
    label,
    async reset() {
      await rm(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      run(
        ['repository', 'create', 'filesystem', `--path=${path.join(work, 'repo')}`].concat(
          `--cache-directory=${path.join(work, 'cache')}`,
        ),
      );
      // Kopia stores uncompressed unless told; zstd is what restic and borg use here too.
      run(['policy', 'set', '--global', '--compression=zstd']);
    },
    backup: { cmd: bin, args: ['snapshot', 'create', src], env },
    restore(target) {
      const c: Contender = {
        cmd: bin,
        args: [],
        env,
        before: async () => {
          const list = JSON.parse(run(['snapshot', 'list', src, '--json'])) as { id: string }[];
          c.args = ['snapshot', 'restore', list.at(-1)!.id, target];
        },
      };
      return c;
    },
    repoBytes: () => dirBytes(path.join(work, 'repo')),
  };
}

function borg(label: string, src: string, work: string): BackupTool {
  const repo = path.join(work, 'repo');
  const env = {
    BORG_PASSPHRASE: 'bench',
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
    BORG_BASE_DIR: path.join(work, 'base'),
  };
  return {
    label,
    async reset() {
      await rm(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      execFileSync('borg', ['init', '-e', 'none', repo], { env: { ...process.env, ...env } });
    },
    backup: {
      cmd: 'borg',
      args: ['create', '--compression', 'zstd,3', `${repo}::{utcnow:%Y%m%dT%H%M%S.%f}`, src],
      env,
    },
    restore(target) {
      const c: Contender = {
        cmd: 'borg',
        args: [],
        env,
        cwd: target,
        before: async () => {
          mkdirSync(target, { recursive: true });
          const last = execFileSync('borg', ['list', '--last', '1', '--short', repo], {
            env: { ...process.env, ...env },
            encoding: 'utf8',
          }).trim();
          c.args = ['extract', `${repo}::${last}`];
        },
      };
      return c;
    },
    repoBytes: () => dirBytes(repo),
  };
}

/**
 * ModVault and its peers, newest first: restic's and Kopia's latest releases (built once from
 * the Go module proxy), then Debian's restic and borg. A peer that cannot be had is left out
 * with a note saying why.
 */
export function backupTools(
  ctx: BenchContext,
  corpusEnv: Record<string, string>,
  src: string,
  work: string,
): { tools: BackupTool[]; notes: string[] } {
  const notes: string[] = [];
  const tools = [modvault(ctx, src, corpusEnv, path.join(work, 'modvault'))];
  const latest = goPeerBinary('restic', ctx.log);
  if (latest.bin)
    tools.push(
      restic(
        latest.bin,
        `restic ${latest.version.slice(1)}`,
        src,
        path.join(work, 'restic-latest'),
      ),
    );
  else notes.push(`restic ${latest.version} left out: ${latest.why}`);
  const kp = goPeerBinary('kopia', ctx.log);
  if (kp.bin)
    tools.push(kopia(kp.bin, `Kopia ${kp.version.slice(1)}`, src, path.join(work, 'kopia')));
  else notes.push(`Kopia ${kp.version} left out: ${kp.why}`);
  for (const [cmd, pkg] of [
    ['restic', 'restic'],
    ['borg', 'borgbackup'],
  ] as const)
    if (spawnSync(cmd, ['--version']).status !== 0)
      spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'ignore' });
  const debRestic = version('restic', ['version'], /restic (\d+\.\d+\.\d+)/);
  if (debRestic !== '?')
    tools.push(
      restic('restic', `restic ${debRestic} (Debian)`, src, path.join(work, 'restic-deb')),
    );
  else notes.push('Debian restic left out: `apt-get install restic` failed');
  const borgVersion = version('borg', ['--version'], /borg (\d+\.\d+\.\d+)/);
  if (borgVersion !== '?') tools.push(borg(`borg ${borgVersion}`, src, path.join(work, 'borg')));
  else notes.push('borg left out: `apt-get install borgbackup` failed');
  return { tools, notes };
}
