import { z } from 'zod';
import type { RestorePlan, RestoreResult, ToolchainRestoreResult } from '../dto/restore';
import { RESTORE_MODES } from '../dto/restore';
import { job } from './define';
import { pathInput, pathList } from './schemas';
import { snapshotRef } from './store';

/** "<module path>" or "<module path>@<version>". */
const moduleArg = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[^@\s]+(@[^@\s]+)?$/, 'expected a module path or path@version');

export const restoreRequest = z
  .object({
    snapshot: snapshotRef.default('latest'),
    mode: z.enum(RESTORE_MODES).default('quick'),
    /** Only what these projects need (their go.sum and go.mod). */
    projects: pathList.default([]),
    /** Only these modules (all versions) or versions. */
    modules: z.array(moduleArg).max(1000).default([]),
    /** Another module cache to restore into (default: the current GOMODCACHE). */
    target: pathInput.optional(),
    /** Also replace damaged versions (what they held goes to the quarantine). */
    repair: z.boolean().default(false),
    /** Also restore the build cache (entries get the current time; trim.txt is not restored). */
    gocache: z.boolean().default(false),
    /** Full mode: identical files of a module's versions become hard links (all read-only). */
    links: z.boolean().default(true),
  })
  .strict();

/** Restore and recovery from the backup store. */
export const restoreCommands = {
  'restore.plan': job<RestorePlan>()(restoreRequest),
  'restore.run': job<RestoreResult>()(restoreRequest),
  'restore.toolchain': job<ToolchainRestoreResult>()(
    z
      .object({
        snapshot: snapshotRef.default('latest'),
        project: pathInput,
        target: pathInput.optional(),
      })
      .strict(),
  ),
};
