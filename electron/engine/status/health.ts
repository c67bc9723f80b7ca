import type {
  ModuleVersionInfo,
  ProblemKind,
  ScanReport,
  VerifyReport,
} from '../../../shared/dto/cache';
import { PROBLEM_KINDS, PROBLEM_SEVERITY } from '../../../shared/dto/cache';
import type { DoctorReport } from '../../../shared/dto/doctor';
import type { FindingSource, Health, HealthFinding, StoreHealth } from '../../../shared/dto/health';
import type { CacheLost } from '../../../shared/dto/watch';

export interface Dated<T> {
  report: T;
  at: number;
}

export interface HealthInputs {
  scan: ScanReport | null;
  verify: Dated<VerifyReport> | null;
  doctor: Dated<DoctorReport> | null;
  losses: readonly CacheLost[];
  store?: StoreHealth | null;
}

/** What the scanner itself finds: a newer scan that does not find it means it is gone. */
const SCAN_KINDS = new Set<ProblemKind>([
  'zip-unreadable',
  'ziphash-invalid',
  'info-invalid',
  'mod-missing',
  'partial',
  'tree-only',
]);
const TREE_KINDS = new Set<ProblemKind>(['tree-mismatch', 'tree-unreadable', 'partial']);
const RANK = { error: 0, warning: 1, info: 2 } as const;
const isKind = (k: string): k is ProblemKind => (PROBLEM_KINDS as readonly string[]).includes(k);
const keyOf = (f: { path: string; version: string }) => `${f.path}@${f.version}`;

function scanFindings(scan: ScanReport): HealthFinding[] {
  const out: HealthFinding[] = [];
  const add = (m: ModuleVersionInfo, kind: ProblemKind, detail: string) =>
    out.push({
      path: m.path,
      version: m.version,
      kind,
      severity: PROBLEM_SEVERITY[kind],
      detail,
      source: 'scan',
      at: scan.scannedAt,
    });
  for (const m of scan.modules) {
    for (const p of m.problems) add(m, p.kind, p.detail);
    if (m.state === 'partial') add(m, 'partial', 'extraction was interrupted (.partial present)');
    if (m.state === 'tree-only') add(m, 'tree-only', 'zip and .ziphash are gone');
  }
  for (const l of scan.leftovers)
    out.push({
      path: l.path,
      version: '',
      kind: 'leftover',
      severity: 'info',
      detail: `leftover ${l.kind}`,
      source: 'scan',
      at: scan.scannedAt,
    });
  return out;
}

/**
 * Whether a finding of a verification still holds after a newer scan: the version is still
 * there, its tree too for a tree finding, the scanner still sees what only it can see, and the
 * version's files were not written again since (a restore, a repair, a new download).
 */
function stillHolds(
  f: HealthFinding,
  scan: ScanReport | null,
  byKey: Map<string, ModuleVersionInfo>,
) {
  if (!scan || scan.scannedAt < f.at) return true;
  if (f.kind === 'leftover') return scan.leftovers.some((l) => l.path === f.path);
  const m = byKey.get(keyOf(f));
  if (!m) return false;
  if (TREE_KINDS.has(f.kind) && !m.extracted) return false;
  if (f.kind === 'partial') return m.state === 'partial';
  if (f.kind === 'tree-only') return m.state === 'tree-only';
  if (SCAN_KINDS.has(f.kind)) return m.problems.some((p) => p.kind === f.kind);
  return m.downloadedAt === null || m.downloadedAt <= f.at;
}

function verifyFindings(v: Dated<VerifyReport>): HealthFinding[] {
  return v.report.problems.map((p) => ({
    path: p.path,
    version: p.version,
    kind: p.kind,
    severity: PROBLEM_SEVERITY[p.kind],
    detail: p.detail,
    source: 'verify' as const,
    at: v.at,
  }));
}

function doctorFindings(d: Dated<DoctorReport>): HealthFinding[] {
  const out: HealthFinding[] = [];
  for (const f of d.report.remaining ?? d.report.findings) {
    if (f.area === 'environment' || !isKind(f.check) || f.path === undefined) continue;
    out.push({
      path: f.path,
      version: f.version ?? '',
      kind: f.check,
      severity: f.severity,
      detail: f.message,
      source: 'doctor',
      at: d.at,
    });
  }
  return out;
}

/**
 * The one health of the module cache (see Health). A verification's findings are dropped
 * once a newer scan shows them repaired or outdated; the newest finding of a kind wins.
 */
export function deriveHealth(i: HealthInputs): Health {
  const scan = i.scan;
  const gomodcache = scan?.gomodcache ?? i.verify?.report.gomodcache ?? null;
  // Only reports about the cache the latest scan is of (the settings may have changed it).
  const verify =
    i.verify && (!scan || i.verify.report.gomodcache === scan.gomodcache) ? i.verify : null;
  const doctor =
    i.doctor && (!scan || i.doctor.report.gomodcache === scan.gomodcache) ? i.doctor : null;
  const byKey = new Map((scan?.modules ?? []).map((m) => [keyOf(m), m]));
  const newest = new Map<string, HealthFinding>();
  const consider = (f: HealthFinding) => {
    const id = `${keyOf(f)}|${f.kind}`;
    const had = newest.get(id);
    if (!had || had.at <= f.at) newest.set(id, f);
  };
  if (scan?.exists) for (const f of scanFindings(scan)) consider(f);
  const checkedFindings = [
    ...(verify ? verifyFindings(verify) : []),
    ...(doctor ? doctorFindings(doctor) : []),
  ];
  for (const f of checkedFindings) if (stillHolds(f, scan, byKey)) consider(f);
  const findings = [...newest.values()].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || keyOf(a).localeCompare(keyOf(b)),
  );

  const worst = new Map<string, 'error' | 'warning'>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    if (f.severity === 'error' || !worst.has(keyOf(f))) worst.set(keyOf(f), f.severity);
  }
  const errors = [...worst.values()].filter((s) => s === 'error').length;
  const warnings = worst.size - errors;

  const checks: { at: number; by: 'verify' | 'doctor'; deep: boolean; versions: number }[] = [];
  if (verify)
    checks.push({
      at: verify.at,
      by: 'verify',
      deep: verify.report.deep,
      versions: verify.report.checked,
    });
  if (doctor)
    checks.push({ at: doctor.at, by: 'doctor', deep: false, versions: scan?.totals.versions ?? 0 });
  const checked = checks.sort((a, b) => b.at - a.at)[0] ?? null;

  const env = doctor
    ? (doctor.report.remaining ?? doctor.report.findings).filter((f) => f.area === 'environment')
    : [];
  const environment = doctor
    ? {
        at: doctor.at,
        errors: env.filter((f) => f.severity === 'error').length,
        warnings: env.filter((f) => f.severity === 'warning').length,
      }
    : null;

  const lost = i.losses.some((l) => l.cache === 'gomodcache');
  const absence = scan && !scan.exists ? (scan.absence ?? null) : null;
  const state: Health['state'] = !scan
    ? 'unknown'
    : lost || (!scan.exists && absence?.snapshot)
      ? 'cache-gone'
      : !scan.exists
        ? 'first-run'
        : errors + warnings > 0 || (environment && environment.errors + environment.warnings > 0)
          ? 'problems'
          : checked === null
            ? 'unchecked'
            : 'healthy';
  return {
    state,
    gomodcache,
    scannedAt: scan?.scannedAt ?? null,
    versions: scan?.totals.versions ?? 0,
    checked: scan?.exists === false ? null : checked,
    findings,
    errors,
    warnings,
    environment,
    absence,
    store: i.store ?? null,
  };
}

/** Versions with errors (and with warnings only) among the findings of one source. */
export function sourceCounts(
  h: Health,
  source: FindingSource,
): { errors: number; warnings: number } {
  const worst = new Map<string, string>();
  for (const f of h.findings) {
    if (f.severity === 'info' || f.source !== source) continue;
    if (f.severity === 'error' || !worst.has(keyOf(f))) worst.set(keyOf(f), f.severity);
  }
  const errors = [...worst.values()].filter((s) => s === 'error').length;
  return { errors, warnings: worst.size - errors };
}
