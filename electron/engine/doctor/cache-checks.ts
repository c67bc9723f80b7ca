import type { ScanReport, VerifyProblem } from '../../../shared/dto/cache';
import { PROBLEM_SEVERITY } from '../../../shared/dto/cache';
import type { DoctorFinding } from '../../../shared/dto/doctor';
import { EngineError } from '../errors';
import type { ProgressUpdate } from '../jobs/job-runner';
import type { GoSum } from '../gomod/gosum';
import { CacheLayout, versionKey } from '../gomod/layout';
import type { CacheScanner } from '../gomod/scanner';
import type { CacheVerifier } from '../gomod/verifier';
import type { WorkerPool } from '../platform/worker-pool';
import { ACTION_TEXT, EXPLANATIONS, FIX_COMMAND } from './finding-catalog';
import { inEnglish } from '../english';
import type { MessageKey } from '../../../shared/i18n';
import type { VersionRepair } from './repair-plan';
import { actionFor, addToRepair, newRepair } from './repair-plan';
import type { SnapshotRestorePort } from './snapshot-port';
import { readVersionFacts, trustedH1 } from './version-facts';

export interface CacheCheckResult {
  findings: DoctorFinding[];
  repairs: VersionRepair[];
  /** The scan the leftovers came from (`--fix` moves them to the quarantine). */
  scan: ScanReport | null;
}

/** Kinds that a go.sum conflict explains: the cache matches one go.sum and not the other. */
const SUM_KINDS = new Set(['gosum-mismatch', 'mod-mismatch']);

/**
 * The cache half of the doctor: every problem the verifier finds (the GO-CACHE.md states and
 * go.sum disagreements) becomes a finding with an explanation and, where one exists, the repair
 * `--fix` will make — chosen from which parts of the version can still be trusted.
 */
export class CacheChecks {
  constructor(
    private readonly verifier: CacheVerifier,
    private readonly scanner: CacheScanner,
    private readonly pool: WorkerPool,
    private readonly snapshots: SnapshotRestorePort,
  ) {}

  async check(
    gomodcache: string,
    opts: {
      deep: boolean;
      projectDirs: string[];
      sums: GoSum[];
      signal?: AbortSignal;
      progress?: (p: ProgressUpdate) => void;
    },
  ): Promise<CacheCheckResult> {
    let problems: VerifyProblem[];
    try {
      const report = await this.verifier.verify(gomodcache, {
        deep: opts.deep,
        projectDirs: opts.projectDirs,
        signal: opts.signal,
        progress: opts.progress,
      });
      problems = report.problems;
    } catch (e) {
      // A missing cache is an environment finding already.
      if (e instanceof EngineError && e.code === 'PATH_INVALID')
        return { findings: [], repairs: [], scan: null };
      throw e;
    }
    const scan = await this.scanner.scan(gomodcache, { signal: opts.signal });
    const findings: DoctorFinding[] = scan.leftovers.map((l) => ({
      id: `leftover:${l.path}`,
      check: 'leftover',
      area: 'cache',
      severity: PROBLEM_SEVERITY.leftover,
      path: l.path,
      message: `${l.path}: leftover ${l.kind} of an interrupted go command.`,
      explanation: EXPLANATIONS.leftover,
      fix: ACTION_TEXT['remove-leftover'] + FIX_COMMAND,
      action: 'remove-leftover',
      text: {
        explanation: 'doctor.explain.leftover',
        fix: 'doctor.action.remove-leftover',
        params: {},
      },
    }));

    const byVersion = new Map<string, VerifyProblem[]>();
    for (const p of problems) {
      if (p.kind === 'leftover') continue;
      const key = versionKey(p);
      const list = byVersion.get(key) ?? [];
      // One finding per kind and version, even when several projects report it.
      if (!list.some((q) => q.kind === p.kind)) list.push(p);
      byVersion.set(key, list);
    }
    const layout = new CacheLayout(gomodcache);
    const repairs: VersionRepair[] = [];
    let done = 0;
    for (const [key, list] of byVersion) {
      opts.progress?.({ phase: 'diagnosing', done: done++, total: byVersion.size, message: key });
      const m = { path: list[0]!.path, version: list[0]!.version };
      const facts = await readVersionFacts(this.pool, layout, m, opts.sums, true, opts.signal);
      const snapshot = await this.snapshots.latestHolding(m, trustedH1(facts) ?? undefined);
      const repair = newRepair(m, facts, snapshot?.snapshotId ?? null);
      const conflicted = list.some((p) => p.kind === 'gosum-conflict');
      const explainedByConflict = (kind: string) => conflicted && SUM_KINDS.has(kind);
      for (const p of list)
        if (!explainedByConflict(p.kind)) addToRepair(repair, p.kind, `${p.kind}:${key}`);
      if (repair.findingIds.length) repairs.push(repair);
      for (const p of list) {
        const action = explainedByConflict(p.kind) ? undefined : actionFor(repair, p.kind);
        const note =
          p.kind === 'gosum-conflict' && facts.ziphash
            ? ` The module cache holds ${facts.ziphash}.`
            : '';
        const fix: MessageKey | undefined = action
          ? `doctor.action.${action}`
          : p.kind === 'gosum-conflict'
            ? 'doctor.fix.conflict'
            : explainedByConflict(p.kind)
              ? 'doctor.fix.conflicted'
              : undefined;
        findings.push({
          id: `${p.kind}:${key}`,
          check: p.kind,
          area: p.kind === 'gosum-conflict' ? 'projects' : 'cache',
          severity: PROBLEM_SEVERITY[p.kind],
          path: p.path,
          version: p.version,
          ...(p.file ? { file: p.file } : {}),
          message: `${key}: ${p.detail}.${note}`,
          explanation: EXPLANATIONS[p.kind],
          // The action's text says what the Fix button does; --fix runs it from the CLI.
          ...(fix && { fix: inEnglish(fix) + (action ? FIX_COMMAND : '') }),
          ...(action ? { action } : {}),
          text: { explanation: `doctor.explain.${p.kind}`, fix, params: {} },
        });
      }
    }
    return { findings, repairs, scan };
  }
}
