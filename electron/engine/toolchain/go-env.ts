import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GoEnvReport, GoEnvSource, GoEnvVar } from '../../../shared/dto/env';
import { GO_ENV_VARS } from '../../../shared/dto/env';
import { EngineError } from '../errors';
import type { Logger } from '../platform/logger';
import type { GoOS } from './go-defaults';
import { computeGoEnvDefaults, parseGoEnvFile, splitGopath } from './go-defaults';
import type { GoRunner } from './go-runner';

export interface CacheOverrides {
  gomodcache?: string;
  gocache?: string;
}

export interface GoEnvDeps {
  runner: GoRunner;
  env: Record<string, string | undefined>;
  goos: GoOS;
  goarch: string;
  home: string;
  overrides: CacheOverrides;
  /** The demo cache's GOMODCACHE while it is in use (below --gomodcache, above the rest). */
  demo?: () => string | null;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * Finds the Go environment the way the toolchain sees it: `go env -json` when Go is installed
 * (never re-deriving its lookup order), ModVault's computed defaults otherwise, and the user's
 * --gomodcache/--gocache overrides on top.
 */
export class GoEnvService {
  private cached: Promise<GoEnvReport> | null = null;

  constructor(private readonly deps: GoEnvDeps) {}

  get(refresh = false): Promise<GoEnvReport> {
    if (refresh || !this.cached) {
      this.cached = this.discover();
      // A failed discovery must not be remembered.
      this.cached.catch(() => (this.cached = null));
    }
    return this.cached;
  }

  /**
   * The module cache root without running go when the answer is already fixed: an override, or
   * an absolute GOMODCACHE in the environment (which beats the go env file and every default).
   */
  async gomodcache(): Promise<string> {
    if (this.deps.overrides.gomodcache) return path.resolve(this.deps.overrides.gomodcache);
    const demo = this.deps.demo?.();
    if (demo) return demo;
    const fromEnv = this.deps.env.GOMODCACHE;
    if (fromEnv && this.pathApi().isAbsolute(fromEnv)) return fromEnv;
    return (await this.get()).gomodcache;
  }

  /** The build cache root, with the same shortcut as gomodcache(). */
  async gocache(): Promise<string> {
    if (this.deps.overrides.gocache) return path.resolve(this.deps.overrides.gocache);
    const fromEnv = this.deps.env.GOCACHE;
    if (fromEnv && (fromEnv === 'off' || this.pathApi().isAbsolute(fromEnv))) return fromEnv;
    return (await this.get()).gocache;
  }

  /** GOPATH[0]/pkg/sumdb, with the same shortcut when GOPATH is set in the environment. */
  async sumdbDir(): Promise<string> {
    const first = splitGopath(this.deps.env.GOPATH ?? '', this.deps.goos)[0];
    const p = this.pathApi();
    if (first && p.isAbsolute(first)) return p.join(first, 'pkg', 'sumdb');
    return (await this.get()).sumdbDir;
  }

  private pathApi() {
    return this.deps.goos === 'windows' ? path.win32 : path.posix;
  }

  private async discover(): Promise<GoEnvReport> {
    const { runner, overrides } = this.deps;
    const go: GoEnvReport['go'] = {
      found: false,
      binary: runner.binary,
      version: null,
      error: null,
    };
    let vars: Record<GoEnvVar, string>;
    let sources: Record<GoEnvVar, GoEnvSource>;
    let envFile: Record<string, string>;
    let changedSet: Set<string> | null = null;
    try {
      // A neutral cwd keeps a project's go.mod toolchain line from triggering a download. Naming
      // the variables keeps Go ≥ 1.24 from probing the C compiler, which writes into the user's
      // build cache on every call and fails outright when GOCACHE is relative.
      const opts = {
        cwd: tmpdir(),
        timeoutMs: this.deps.timeoutMs ?? 15_000,
        env: { GOTOOLCHAIN: 'local' },
      };
      // Go ≥ 1.23 names the settings that differ from its defaults; older ones exit 2. Named
      // variables here too: without them go probes the C compiler into the build cache.
      const changed = runner
        .run(['env', '-changed', '-json', ...GO_ENV_VARS], opts)
        .then((r) => (r.code === 0 ? new Set(Object.keys(JSON.parse(r.stdout) as object)) : null))
        .catch(() => null);
      const res = await runner.run(['env', '-json', ...GO_ENV_VARS], opts);
      if (res.code !== 0)
        throw new EngineError('GO_FAILED', res.stderr.trim() || `go env exited with ${res.code}`);
      const json = JSON.parse(res.stdout) as Record<string, unknown>;
      vars = {} as Record<GoEnvVar, string>;
      for (const name of GO_ENV_VARS)
        vars[name] = typeof json[name] === 'string' ? (json[name] as string) : '';
      // go1.19 has no GOVERSION in `go env`; older versions lack it too.
      if (!vars.GOVERSION) vars.GOVERSION = await this.versionFromGo();
      go.found = true;
      go.version = vars.GOVERSION || null;
      envFile = await this.readEnvFile(vars.GOENV);
      changedSet = await changed;
      sources = {} as Record<GoEnvVar, GoEnvSource>;
      for (const name of GO_ENV_VARS) sources[name] = this.attribute(name, envFile, changedSet);
    } catch (e) {
      go.error = e instanceof Error ? e.message : String(e);
      this.deps.logger.info('go env unavailable, using defaults', { error: go.error });
      ({ vars, sources } = await this.defaults());
      envFile = await this.readEnvFile(vars.GOENV);
    }
    const demo = this.deps.demo?.();
    if (overrides.gomodcache) {
      vars.GOMODCACHE = path.resolve(overrides.gomodcache);
      sources.GOMODCACHE = 'override';
    } else if (demo) {
      vars.GOMODCACHE = demo;
      sources.GOMODCACHE = 'demo';
    }
    if (overrides.gocache) {
      vars.GOCACHE = path.resolve(overrides.gocache);
      sources.GOCACHE = 'override';
    }
    const gopathList = splitGopath(vars.GOPATH, this.deps.goos);
    const p = this.pathApi();
    return {
      go,
      vars,
      sources,
      gotoolchain: await this.toolchainSetting(envFile, vars.GOROOT),
      changedChecked: changedSet !== null,
      gopathList,
      gomodcache: vars.GOMODCACHE,
      gocache: vars.GOCACHE,
      sumdbDir: gopathList[0] ? p.join(gopathList[0], 'pkg', 'sumdb') : '',
    };
  }

  private async versionFromGo(): Promise<string> {
    try {
      const res = await this.deps.runner.run(['version'], {
        cwd: tmpdir(),
        timeoutMs: 10_000,
        env: { GOTOOLCHAIN: 'local' },
      });
      return /\b(go\d+(?:\.\d+)*\S*)/.exec(res.stdout)?.[1] ?? '';
    } catch {
      return '';
    }
  }

  /**
   * Where go took a value from (cmd/go/internal/cfg): a non-empty environment variable wins,
   * then the GOENV file, then the default. `go env -changed` (when there is one) backs the
   * file's claim: a value it calls changed that the environment does not set is the file's.
   */
  private attribute(
    name: GoEnvVar,
    envFile: Record<string, string>,
    changed: Set<string> | null,
  ): GoEnvSource {
    if (this.deps.env[name]) return 'environment';
    if (name === 'GOVERSION' || name === 'GOENV') return 'default';
    if (envFile[name] || changed?.has(name)) return 'env-file';
    return 'default';
  }

  private async readEnvFile(file: string): Promise<Record<string, string>> {
    if (!file || file === 'off') return {};
    // No go env file is the common case.
    return readFile(file, 'utf8').then(parseGoEnvFile, () => ({}));
  }

  /** The user's GOTOOLCHAIN: environment, GOENV file, then $GOROOT/go.env (Go ≥ 1.21), "auto". */
  private async toolchainSetting(
    envFile: Record<string, string>,
    goroot: string,
  ): Promise<GoEnvReport['gotoolchain']> {
    const fromEnv = this.deps.env.GOTOOLCHAIN;
    if (fromEnv) return { value: fromEnv, source: 'environment' };
    if (envFile.GOTOOLCHAIN) return { value: envFile.GOTOOLCHAIN, source: 'env-file' };
    const goEnv = goroot ? await this.readEnvFile(path.join(goroot, 'go.env')) : {};
    return { value: goEnv.GOTOOLCHAIN || 'auto', source: 'default' };
  }

  private async defaults() {
    const { env, goos, goarch, home } = this.deps;
    const base = { goos, goarch, env, home, path: this.pathApi() };
    const first = computeGoEnvDefaults(base);
    const envFile = await this.readEnvFile(first.vars.GOENV);
    return Object.keys(envFile).length ? computeGoEnvDefaults({ ...base, envFile }) : first;
  }
}
