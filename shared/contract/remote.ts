import { z } from 'zod';
import type {
  PublishResult,
  PushedSnapshots,
  PushResult,
  RemoteCheckResult,
  RemoteForgetResult,
  RemotePruneResult,
  RemoteRestoreResult,
  RemoteSnapshotList,
  RemoteView,
} from '../dto/remote';
import type { RestorePlan } from '../dto/restore';
import { job, query } from './define';
import { restoreRequest } from './restore';
import { snapshotRef, storeCommands } from './store';

export const remoteName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'a remote name: letters, digits, "_", "-", "."');

/** Only for an encrypted remote; else MODVAULT_PASSPHRASE or the one saved with the remote. */
const passphrase = z.string().min(1).max(1024).optional();

const target = z.object({ remote: remoteName, passphrase }).strict();

/** Remotes: S3-compatible object storage that snapshots are pushed to and restored from. */
export const remoteCommands = {
  'remote.list': query<RemoteView[]>()(z.object({}).strict()),
  'remote.pushed': query<PushedSnapshots[]>()(z.object({}).strict()),
  'remote.add': query<RemoteView>()(
    z
      .object({
        name: remoteName,
        url: z.string().min(6).max(2048),
        endpoint: z.string().min(8).max(2048),
        region: z.string().min(1).max(64).default('us-east-1'),
        pathStyle: z.boolean().default(true),
        encrypt: z.boolean().default(false),
        /** Kept with the OS keychain (desktop app only). */
        passphrase,
        savePassphrase: z.boolean().default(false),
        accessKeyId: z.string().min(1).max(256).optional(),
        secretAccessKey: z.string().min(1).max(1024).optional(),
      })
      .strict(),
  ),
  'remote.remove': query<{ removed: string }>()(z.object({ name: remoteName }).strict()),
  'remote.check': job<RemoteCheckResult>()(
    target.extend({ readData: z.number().min(0).max(100).default(0) }).strict(),
  ),
  'remote.snapshots': job<RemoteSnapshotList>()(target),
  'remote.push': job<PushResult>()(
    target.extend({ snapshots: z.array(snapshotRef).max(1000).default([]) }).strict(),
  ),
  'remote.restorePlan': job<RestorePlan>()(restoreRequest.extend(target.shape).strict()),
  'remote.restore': job<RemoteRestoreResult>()(restoreRequest.extend(target.shape).strict()),
  'remote.publish': job<PublishResult>()(target.extend({ snapshot: snapshotRef }).strict()),
  'remote.forget': job<RemoteForgetResult>()(
    storeCommands['store.forget'].input.extend(target.shape).strict(),
  ),
  'remote.prune': job<RemotePruneResult>()(
    target.extend({ dryRun: z.boolean().default(false) }).strict(),
  ),
};
