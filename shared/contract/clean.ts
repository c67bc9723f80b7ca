import { z } from 'zod';
import type {
  AuditEntry,
  CleanPlan,
  CleanResult,
  PurgeResult,
  QuarantineInfo,
  UndoResult,
} from '../dto/clean';
import { CLEAN_KINDS, CLEAN_MODES, CLEAN_TARGETS } from '../dto/clean';
import { job, query } from './define';
import { empty, pathList } from './schemas';

const quarantineId = z.string().regex(/^q-[0-9]{8}-[0-9]{6}-[a-f0-9]{6}$/, 'not a quarantine id');

const cleanFields = {
  kind: z.enum(CLEAN_KINDS),
  /** Where to look for projects; empty means the roots from the settings. */
  projectRoots: pathList.default([]),
  keepLatest: z.number().int().min(0).max(10_000).optional(),
  olderThanMs: z.number().int().min(0).optional(),
  maxSizeBytes: z.number().int().min(0).optional(),
  targets: z.array(z.enum(CLEAN_TARGETS)).min(1).optional(),
  /** `corrupt`: also hash extracted trees. */
  deep: z.boolean().default(false),
};

const cleanBase = z.object(cleanFields).strict();
type CleanFields = z.output<typeof cleanBase>;

/** Options that only mean something for one kind are refused elsewhere, not ignored. */
function kindOptions(req: CleanFields, ctx: z.RefinementCtx): void {
  const only = (field: keyof CleanFields, kinds: string[], flag: string) => {
    if (req[field] !== undefined && !kinds.includes(req.kind))
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `${flag} applies to clean ${kinds.join('/')} only`,
      });
  };
  only('keepLatest', ['unused'], '--keep-latest');
  only('olderThanMs', ['unused', 'gocache'], '--older-than');
  only('maxSizeBytes', ['gocache'], '--max-size');
  only('targets', ['all'], '--only');
}

const cleanRequest = cleanBase.superRefine(kindOptions);

/** Cleanup: plans (always previewed), quarantine with undo, purge, settings and the audit log. */
export const cleanCommands = {
  'clean.plan': job<CleanPlan>()(cleanRequest),
  'clean.run': job<CleanResult>()(
    z
      .object({
        ...cleanFields,
        /** Default: quarantine (`all`: go clean when the preferToolchain setting is on). */
        mode: z.enum(CLEAN_MODES).optional(),
        /** Item ids from the previewed plan; items not listed are left alone. */
        select: z.array(z.string().min(1).max(8192)).max(1_000_000).optional(),
        /** Snapshot the versions before they go (default: the setting). */
        backupFirst: z.boolean().optional(),
      })
      .strict()
      .superRefine(kindOptions),
  ),
  'quarantine.list': query<QuarantineInfo[]>()(empty),
  'quarantine.undo': job<UndoResult>()(z.object({ id: quarantineId }).strict()),
  'quarantine.purge': job<PurgeResult>()(
    z
      .object({
        /** Default: the retention setting. */
        olderThanDays: z.number().min(0).max(36_500).optional(),
        ids: z.array(quarantineId).max(10_000).optional(),
      })
      .strict(),
  ),
  'clean.audit': query<AuditEntry[]>()(
    z.object({ limit: z.number().int().min(1).max(100_000).default(200) }).strict(),
  ),
};
