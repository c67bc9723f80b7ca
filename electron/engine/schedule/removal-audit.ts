import type { AuditLog } from '../clean/audit-log';

/** Entries read back from the audit log when a drop needs explaining. */
const TAIL_ENTRIES = 20_000;
const REMOVALS = new Set(['quarantine', 'delete', 'go-clean']);

export interface AuditedRemovals {
  /** "path@version" of module versions ModVault itself removed. */
  versions: Set<string>;
  /** Folders ModVault removed whole (a cache root, `go clean -modcache`). */
  paths: Set<string>;
}

/**
 * What ModVault's own cleanup removed since `since` (from any process: the audit log is shared),
 * so that a cleanup the user asked for never raises the deletion alarm.
 */
export async function auditedRemovals(audit: AuditLog, since: number): Promise<AuditedRemovals> {
  const out: AuditedRemovals = { versions: new Set(), paths: new Set() };
  let entries;
  try {
    entries = await audit.tail(TAIL_ENTRIES);
  } catch {
    return out; // an unreadable log explains nothing: the alarm errs on the side of telling
  }
  for (const e of entries) {
    if (e.time < since || !e.ok || !REMOVALS.has(e.action)) continue;
    if (e.version) out.versions.add(`${e.path}@${e.version}`);
    else out.paths.add(e.path);
  }
  return out;
}
