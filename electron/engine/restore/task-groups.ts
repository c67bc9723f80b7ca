/** Versions per worker task: enough to share a module's files, few enough for steady progress. */
const TASK_VERSIONS = 16;

/**
 * Consecutive versions of one module, at most TASK_VERSIONS at a time: the unit a worker
 * restores (and within which identical files are written once). The planner counts disk space
 * by the same groups.
 */
export function groupTasks<T extends { path: string }>(versions: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const v of versions) {
    const last = groups.at(-1);
    if (last && last[0]!.path === v.path && last.length < TASK_VERSIONS) last.push(v);
    else groups.push([v]);
  }
  return groups;
}
