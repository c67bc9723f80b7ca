import type { ModuleVersion } from '../gomod/layout';
import { hashTree } from '../gomod/tree-hash';
import { treeSignature } from '../gomod/tree-signature';
import type { HashEnv } from '../gomod/zip-hash';
import { hashZipFile } from '../gomod/zip-hash';
import { restoreVersions } from '../restore/version-writer';
import { encodeFiles } from '../store/file-task';
import { scanPack } from '../store/pack-scan';
import { verifyPack } from '../store/pack-task';
import { readZip } from '../store/zip-task';
import type { FaultPoints } from '../store/fault-points';

/**
 * What the worker entry gives every task: its thread's scratch buffer and garbage budget, and
 * the crash-test hooks (MODVAULT_FAULT) that restore's writer honours.
 */
export type WorkerEnv = HashEnv & { faults: FaultPoints };

/**
 * CPU-heavy functions that run in worker threads. The pool is typed from this table, so a task
 * is called with its own argument and result types whichever thread runs it.
 */
export const workerTasks = {
  hashZip: (a: { zipPath: string; module?: ModuleVersion }, env: WorkerEnv) =>
    hashZipFile(a.zipPath, env, a.module),
  hashTree: (a: { dir: string; prefix: string }, env: WorkerEnv) =>
    hashTree(a.dir, a.prefix, env.scratch),
  treeSignature: (a: { dir: string }) => treeSignature(a.dir),
  readZip,
  encodeFiles,
  verifyPack,
  scanPack,
  restoreVersions,
};

export type WorkerTasks = typeof workerTasks;
export type TaskName = keyof WorkerTasks;
export type TaskArgs<N extends TaskName> = Parameters<WorkerTasks[N]>[0];
export type TaskResult<N extends TaskName> = Awaited<ReturnType<WorkerTasks[N]>>;

export interface TaskRequest {
  id: number;
  task: TaskName;
  args: unknown;
}

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  path?: string;
}

export type TaskResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };
