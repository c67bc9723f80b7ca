import type { ProblemKind, ScanReport, VerifyProblem } from '../../../shared/dto/cache';
import { PROBLEM_SEVERITY } from '../../../shared/dto/cache';
import type { ChecksumVerdict, DoctorFinding, FixAction } from '../../../shared/dto/doctor';
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
import type { Verdicts } from './checksum-judge';
import { judgeVersion } from './checksum-judge';
import type { SumdbAsk } from './sumdb-witness';
import { NO_REPAIR, verdictFinding, verdictId } from './verdict-finding';

export interface CacheCheckResult {
  findings: DoctorFinding[];
  repairs: VersionRepair[];
  /** The scan the leftovers came from (`--fix` moves them to the quarantine). */
  scan: ScanReport | null;
}

/** Kinds that a go.sum conflict explains: the cache matches one go.sum and not the other. */
const SUM_KINDS = new Set(['gosum-mismatch', 'mod-mismatch']);

/** Kinds where two witnesses of a checksum disagree: the checksum verdict settles them. */
const DISPUTES = new Set(['zip-mismatch', 'gosum-mismatch', 'gosum-conflict', 'mod-mismatch']);

const isModDispute = (p: VerifyProblem) =>
  p.kind === 'mod-mismatch' || (p.kind === 'gosum-conflict' && / on go\.mod/.test(p.detail));

/** A finding the verdict explains is fixed by the verdict's repair (none when it has none). */
function explainedAction(
  r: VersionRepair,
  v: ChecksumVerdict,
  kind: ProblemKind,
): FixAction | undefined {
  if (NO_REPAIR.has(v.culprit) || v.culprit === 'gosum') return verdictAction(r, v);
  return actionFor(r, kind) ?? verdictAction(r, v);
}

/** What to do about a finding the verdict explains, when its repair does not cover it. */
function explainedFix(v: ChecksumVerdict, kind: ProblemKind): MessageKey {
  if (!NO_REPAIR.has(v.culprit)) return 'witness.fix.conflicted';
  return kind === 'gosum-conflict'
    ? 'doctor.fix.conflict'
    : (`witness.fix.${v.culprit}` as MessageKey);
}

/** What the verdict's Fix does: the go.sum line alone, or the cache part it rebuilds. */
function verdictAction(r: VersionRepair, v: ChecksumVerdict): FixAction | undefined {
  if (NO_REPAIR.has(v.culprit)) return undefined;
  if (v.culprit === 'gosum') return 'fix-gosum-line';
  return actionFor(r, v.subject === 'go.mod' ? 'mod-mismatch' : 'zip-mismatch');
}

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
      /** The checksum database, asked about disputed versions only. */
      sumdb: SumdbAsk;
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
      const verdicts: Verdicts = list.some((p) => DISPUTES.has(p.kind))
        ? await judgeVersion(layout, m, facts, opts.sums, {
            ask: opts.sumdb,
            snapshots: this.snapshots,
          })
        : { zip: null, mod: null };
      const snapshot = await this.snapshots.latestHolding(m, trustedH1(facts) ?? undefined);
      const repair = newRepair(m, facts, snapshot?.snapshotId ?? null);
      const verdictOf = (p: VerifyProblem): ChecksumVerdict | null =>
        DISPUTES.has(p.kind)
          ? ((isModDispute(p) ? verdicts.mod : verdicts.zip) ?? verdicts.zip ?? verdicts.mod)
          : null;
      const conflicted = list.some((p) => p.kind === 'gosum-conflict' && !verdictOf(p));
      const explainedByConflict = (kind: string) => conflicted && SUM_KINDS.has(kind);
      for (const p of list) {
        const id = `${p.kind}:${key}`;
        const v = verdictOf(p);
        if (!v) {
          if (!explainedByConflict(p.kind)) addToRepair(repair, p.kind, id);
        } else if (!NO_REPAIR.has(v.culprit)) {
          // The verdict's repair covers the finding: a cache part rebuilt or fetched from the
          // settled hash, or only the go.sum line.
          const cacheAtFault = v.culprit !== 'gosum';
          if (!cacheAtFault || !addToRepair(repair, p.kind, id)) repair.findingIds.push(id);
        }
      }
      const verdictActions = new Map<ChecksumVerdict, FixAction | undefined>();
      for (const v of [verdicts.zip, verdicts.mod]) {
        if (!v) continue;
        if (!NO_REPAIR.has(v.culprit)) {
          for (const w of v.wrongSums)
            repair.gosumFixes.push({
              file: w.file,
              key: `${m.path} ${m.version}${v.subject === 'go.mod' ? '/go.mod' : ''}`,
              from: w.h1,
              to: v.truth!,
            });
          repair.findingIds.push(verdictId(m, v));
        }
        verdictActions.set(v, verdictAction(repair, v));
      }
      if (repair.findingIds.length) repairs.push(repair);
      for (const [v, action] of verdictActions) findings.push(verdictFinding(m, v, action));
      for (const p of list) {
        const v = verdictOf(p);
        const action = v
          ? explainedAction(repair, v, p.kind)
          : explainedByConflict(p.kind)
            ? undefined
            : actionFor(repair, p.kind);
        const note =
          p.kind === 'gosum-conflict' && facts.ziphash
            ? ` The module cache holds ${facts.ziphash}.`
            : '';
        const fix: MessageKey | undefined = action
          ? `doctor.action.${action}`
          : v
            ? explainedFix(v, p.kind)
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
          ...(v ? { explainedBy: verdictId(m, v) } : {}),
          text: { explanation: `doctor.explain.${p.kind}`, fix, params: {} },
        });
      }
    }
    return { findings, repairs, scan };
  }
}
