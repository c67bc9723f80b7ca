import type { ModuleVersionInfo, ScanReport } from '../../../../shared/dto/cache';
import type { HealthFinding } from '../../../../shared/dto/health';
import { DAMAGED_STATES } from '../../../../shared/dto/cache';

/** Bytes a version takes on disk: its zip, plus its tree when extracted. */
export const versionDiskBytes = (m: ModuleVersionInfo): number =>
  m.zipBytes + (m.extracted ? m.treeBytes : 0);

export { DAMAGED_STATES };

export function onDiskBytes(r: ScanReport): number {
  return r.totals.zipBytes + r.totals.treeBytes + r.totals.leftoverBytes;
}

/** Cumulative disk use of the versions in the cache by download time (one point per day). */
export function growthSeries(r: ScanReport): { t: number; v: number }[] {
  const dated = r.modules
    .filter((m) => m.downloadedAt !== null)
    .sort((a, b) => a.downloadedAt! - b.downloadedAt!);
  const points: { t: number; v: number }[] = [];
  let total = 0;
  for (const m of dated) {
    total += versionDiskBytes(m);
    const day = new Date(m.downloadedAt!).toDateString();
    const last = points[points.length - 1];
    if (last && new Date(last.t).toDateString() === day) {
      last.v = total;
      last.t = m.downloadedAt!;
    } else points.push({ t: m.downloadedAt!, v: total });
  }
  return points;
}

export interface ModuleSummary {
  path: string;
  versions: ModuleVersionInfo[];
  bytes: number;
  /** The most serious state among its versions ('ok' when all are fine). */
  worst: ModuleVersionInfo['state'];
  /** Versions that need a repair: a damaged state, or a finding of the health. */
  damaged: number;
  /** The most serious finding of its versions (what the scan alone cannot see included). */
  problem: HealthFinding | null;
  toolchain: boolean;
  newest: number | null;
}

const STATE_RANK: Record<ModuleVersionInfo['state'], number> = {
  ok: 0,
  'zip-only': 0,
  'mod-only': 0,
  partial: 1,
  'tree-only': 2,
  corrupt: 3,
};

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * One row per module path, from the scan's one row per version and the health's findings
 * ("path@version" → findings): a version verification found broken is not shown as OK.
 */
export function summarizeModules(
  r: ScanReport,
  findings: ReadonlyMap<string, HealthFinding[]> = new Map(),
): ModuleSummary[] {
  const byPath = new Map<string, ModuleSummary>();
  for (const m of r.modules) {
    let s = byPath.get(m.path);
    if (!s) {
      s = {
        path: m.path,
        versions: [],
        bytes: 0,
        worst: 'ok',
        damaged: 0,
        problem: null,
        toolchain: m.toolchain,
        newest: null,
      };
      byPath.set(m.path, s);
    }
    s.versions.push(m);
    s.bytes += versionDiskBytes(m);
    if (STATE_RANK[m.state] > STATE_RANK[s.worst]) s.worst = m.state;
    const serious = (findings.get(`${m.path}@${m.version}`) ?? []).filter(
      (f) => f.severity !== 'info',
    );
    if (DAMAGED_STATES.has(m.state) || serious.length) s.damaged++;
    for (const f of serious)
      if (!s.problem || SEVERITY_RANK[f.severity] < SEVERITY_RANK[s.problem.severity])
        s.problem = f;
    if (m.downloadedAt !== null) s.newest = Math.max(s.newest ?? 0, m.downloadedAt);
  }
  return [...byPath.values()];
}
