import { z } from 'zod';
import type {
  CheckResult,
  DiffResult,
  ExportResult,
  ForgetResult,
  ImportResult,
  PruneResult,
  RepairResult,
  SnapshotProblem,
  SnapshotResult,
  SnapshotSummary,
  SnapshotVersion,
  StoreInfo,
} from '../dto/store';
import { EXPORT_FORMATS } from '../dto/store';
import { job, query } from './define';
import { empty, pathInput } from './schemas';

/** A snapshot id (or a unique prefix of at least 4 characters), or "latest". */
export const snapshotRef = z
  .string()
  .regex(/^(latest|[0-9a-f]{4,16})$/, 'not a snapshot id (8 hex characters, or "latest")');

const keep = z.number().int().min(1).max(100_000).optional();

/** keep-last/-hourly/-daily/-weekly/-monthly/-yearly N (restic's semantics). */
export const retentionPolicy = z
  .object({
    last: keep,
    hourly: keep,
    daily: keep,
    weekly: keep,
    monthly: keep,
    yearly: keep,
  })
  .strict();

/** Backup store: snapshots of the Go caches and their management. */
export const storeCommands = {
  'store.info': query<StoreInfo>()(empty),
  'store.snapshot': job<SnapshotResult>()(
    z.object({ gocache: z.boolean().default(false) }).strict(),
  ),
  'store.snapshots': query<SnapshotSummary[]>()(empty),
  'store.versions': query<SnapshotVersion[]>()(z.object({ snapshot: snapshotRef }).strict()),
  /** What one snapshot reported (the list gives only their number). */
  'store.problems': query<SnapshotProblem[]>()(z.object({ snapshot: snapshotRef }).strict()),
  'store.forget': job<ForgetResult>()(
    z
      .object({
        snapshots: z.array(snapshotRef).max(1000).default([]),
        policy: retentionPolicy.default({}),
        force: z.boolean().default(false),
        dryRun: z.boolean().default(false),
        prune: z.boolean().default(false),
      })
      .strict(),
  ),
  'store.prune': job<PruneResult>()(
    z
      .object({
        /** Repack a pack when at least this percentage of it is garbage. */
        repackThreshold: z.number().min(1).max(100).default(50),
        dryRun: z.boolean().default(false),
      })
      .strict(),
  ),
  'store.check': job<CheckResult>()(
    z.object({ readData: z.number().min(0).max(100).default(0) }).strict(),
  ),
  'store.diff': job<DiffResult>()(
    z
      .object({
        from: snapshotRef,
        to: snapshotRef.optional(),
        current: z.boolean().default(false),
      })
      .strict()
      .refine((r) => (r.to === undefined) === r.current, {
        message: 'give a second snapshot or current, not both',
      }),
  ),
  'store.export': job<ExportResult>()(
    z.object({ snapshot: snapshotRef, format: z.enum(EXPORT_FORMATS), out: pathInput }).strict(),
  ),
  'store.import': job<ImportResult>()(z.object({ path: pathInput }).strict()),
  /** Rebuilds or completes the index from the packs and snapshot manifests (never deletes). */
  'store.repair': job<RepairResult>()(empty),
};
