import path from 'node:path';
import type { Severity } from '../../../shared/dto/cache';
import type { DoctorFinding, DoctorReport } from '../../../shared/dto/doctor';
import type { JobOutputLine } from '../../../shared/dto/jobs';
import type { SettingsStore } from '../settings/settings-store';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { GoSum } from '../gomod/gosum';
import { readGoSum } from '../gomod/gosum';
import type { ProjectFinder } from '../gomod/project-finder';
import { PathGuard } from '../platform/path-guard';
import type { GoEnvService } from '../toolchain/go-env';
import { writableTreesFor } from '../gomod/tree-scheme';
import type { CacheChecks } from './cache-checks';
import type { EnvCheckDeps } from './env-checks';
import { checkToolchainAndCaches } from './env-checks';
import type { ProxyProbe } from './proxy-probe';
import type { Repairer } from './repairer';
import type { SumdbAsk } from './sumdb-witness';
import type { GoEnvReport } from '../../../shared/dto/env';
import { checkGoSettings } from './setting-checks';

export interface DoctorRequest {
  fix: boolean;
  deep: boolean;
  projectRoots: string[];
  /** Repair only what these findings are about; absent: everything repairable. */
  only?: string[];
}

export interface DoctorDeps {
  goEnv: GoEnvService;
  finder: ProjectFinder;
  settings: Pick<SettingsStore, 'get'>;
  cacheChecks: CacheChecks;
  repairer: Repairer;
  envDeps: EnvCheckDeps;
  probe: ProxyProbe;
  /** The checksum database as the user's Go settings name it (the third witness). */
  sumdb: (env: GoEnvReport, signal?: AbortSignal) => SumdbAsk;
  home: string;
  now: () => number;
}

interface Hooks {
  signal?: AbortSignal;
  progress?: (p: ProgressUpdate) => void;
  output?: (line: string, stream?: JobOutputLine['stream']) => void;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** `modvault doctor [--fix]`: one report of environment and cache findings, repairs re-checked. */
export class DoctorService {
  constructor(private readonly d: DoctorDeps) {}

  async run(req: DoctorRequest, hooks: Hooks = {}): Promise<DoctorReport> {
    const started = this.d.now();
    const env = await this.d.goEnv.get(true);
    const projects = await this.findProjects(
      req,
      env.gomodcache,
      env.gocache,
      env.gopathList,
      hooks,
    );
    const readSums = async () => {
      const sums: GoSum[] = [];
      for (const dir of projects) {
        const sum = await readGoSum(dir).catch(() => null);
        if (sum) sums.push(sum);
      }
      return sums;
    };
    const withSums = (await readSums()).map((s) => path.dirname(s.file));
    const sumdb = this.d.sumdb(env, hooks.signal);
    const checkAll = async () => {
      // Read again each time: a repair may have rewritten a go.sum line.
      const sums = await readSums();
      hooks.progress?.({ phase: 'checking the environment' });
      const envFindings = [
        ...(await checkToolchainAndCaches(env, this.d.envDeps)),
        ...(await checkGoSettings(env, this.d.probe)),
      ];
      const cache = await this.d.cacheChecks.check(env.gomodcache, {
        deep: req.deep,
        projectDirs: withSums,
        sums,
        sumdb,
        signal: hooks.signal,
        progress: hooks.progress,
      });
      return { findings: sortFindings([...envFindings, ...cache.findings]), cache };
    };
    const first = await checkAll();
    const wanted = req.only ? new Set(req.only) : null;
    const repairs = first.cache.repairs.filter(
      (r) => !wanted || r.findingIds.some((id) => wanted.has(id)),
    );
    const leftovers = (first.cache.scan?.leftovers ?? []).filter(
      (l) => !wanted || wanted.has(`leftover:${l.path}`),
    );
    const report: DoctorReport = {
      findings: first.findings,
      fixes: [],
      remaining: null,
      counts: count(first.findings),
      gomodcache: env.gomodcache,
      gocache: env.gocache,
      projects: withSums,
      durationMs: 0,
    };
    if (req.fix && (repairs.length > 0 || leftovers.length > 0)) {
      const gocacheOn = env.gocache !== '' && env.gocache !== 'off';
      const ctx = {
        gomodcache: env.gomodcache,
        gocache: env.gocache,
        guard: PathGuard.create(
          [
            { label: 'module cache', path: env.gomodcache },
            ...(gocacheOn ? [{ label: 'build cache', path: env.gocache }] : []),
          ],
          this.d.home,
        ),
        cacheRW: await writableTreesFor(env.gomodcache, env.vars.GOFLAGS),
        quarantineDir: (await this.d.settings.get()).quarantineDir,
        signal: hooks.signal,
        output: hooks.output,
      };
      let done = 0;
      const total = repairs.length;
      for (const r of repairs) {
        hooks.progress?.({
          phase: 'repairing',
          done: done++,
          total,
          message: `${r.version.path}@${r.version.version}`,
        });
        report.fixes.push(await this.d.repairer.repairVersion(r, ctx));
      }
      report.fixes.push(...(await this.d.repairer.removeLeftovers(leftovers, ctx)));
      hooks.progress?.({ phase: 'checking again' });
      const again = await checkAll();
      const remainingIds = new Set(again.findings.map((f) => f.id));
      for (const f of report.fixes)
        f.verified = f.ok && f.findingIds.every((id) => !remainingIds.has(id));
      report.remaining = again.findings;
    } else if (req.fix) report.remaining = first.findings;
    report.durationMs = this.d.now() - started;
    return report;
  }

  private async findProjects(
    req: DoctorRequest,
    gomodcache: string,
    gocache: string,
    gopathList: string[],
    hooks: Hooks,
  ): Promise<string[]> {
    const roots = req.projectRoots.length
      ? req.projectRoots
      : (await this.d.settings.get()).projectRoots;
    if (roots.length === 0) return [];
    hooks.progress?.({ phase: 'finding projects' });
    const found = await this.d.finder.find(roots, {
      exclude: [gomodcache, gocache, ...gopathList.map((p) => path.join(p, 'pkg'))],
      signal: hooks.signal,
    });
    return found.projects.map((p) => p.dir);
  }
}

function sortFindings(list: DoctorFinding[]): DoctorFinding[] {
  return list.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.id.localeCompare(b.id));
}

function count(list: DoctorFinding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of list) out[f.severity]++;
  return out;
}
