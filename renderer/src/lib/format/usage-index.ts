import type { ProjectScanReport } from '../../../../shared/dto/projects';

/** Which projects use which module versions ("path@version" → project dirs). */
export function usageIndex(report: ProjectScanReport | null): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const p of report?.projects ?? []) {
    for (const r of p.requires) {
      const key = `${r.path}@${r.version}`;
      const dirs = index.get(key);
      if (!dirs) index.set(key, [p.dir]);
      else if (!dirs.includes(p.dir)) dirs.push(p.dir);
    }
  }
  return index;
}
