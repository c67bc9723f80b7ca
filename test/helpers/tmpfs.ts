import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';
import { removeTree, tempDir } from './temp';

const run = promisify(execFile);

/**
 * A small tmpfs (root only), unmounted when the test ends: `kib` of space and, with `inodes`,
 * room for only that many files and folders — a disk that fills up in the middle of a job
 * although it had "enough space" when the job started.
 */
export async function smallDisk(kib: number, inodes?: number): Promise<string> {
  const dir = await tempDir('modvault-disk-');
  const opts = [`size=${kib}k`, ...(inodes ? [`nr_inodes=${inodes}`] : [])].join(',');
  await run('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir]);
  onTestFinished(async () => {
    await run('umount', [dir]).catch(() => {});
    await removeTree(dir);
  });
  return dir;
}

export async function remount(dir: string, kib: number, inodes?: number): Promise<void> {
  const opts = ['remount', `size=${kib}k`, ...(inodes ? [`nr_inodes=${inodes}`] : [])].join(',');
  await run('mount', ['-o', opts, dir]);
}
