import { statfs } from 'node:fs/promises';

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

/** Free space for an unprivileged user (bavail) on the volume holding `p`. */
export async function diskSpace(p: string): Promise<DiskSpace> {
  const s = await statfs(p);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}
