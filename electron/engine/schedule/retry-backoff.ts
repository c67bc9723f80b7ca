/** The first retry of a failed run waits this long; each further failure doubles it… */
const FIRST_RETRY_MS = 30_000;
/** …up to an hour: a schedule keeps trying (and saying why it fails), it never gives up. */
const MAX_RETRY_MS = 3_600_000;

/** How long to wait before trying a run again after `failures` failed attempts in a row. */
export function retryDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 20));
}
