import v8 from 'node:v8';

/**
 * Keeps the engine thread's young generation at its initial size. Bulk data (zip entries,
 * blobs) moves through it as buffers whose memory lives outside the JS heap; letting V8 grow
 * new space to 32 MB for them only raises the process's footprint (by ~50 MB during a
 * snapshot), not its speed.
 */
export function limitYoungGeneration(): void {
  try {
    v8.setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    /* an engine without the flag keeps its default */
  }
}

/**
 * For long-running idle processes (`modvault daemon`): V8 keeps its heap, and above all its young
 * generation, small instead of fast. Set at run time, it still takes effect from the next GC on.
 */
export function favorSmallHeap(): void {
  try {
    v8.setFlagsFromString('--optimize-for-size');
  } catch {
    /* an engine without the flag keeps its default */
  }
}
