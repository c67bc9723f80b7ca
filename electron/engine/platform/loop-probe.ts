import type { IntervalHistogram } from 'node:perf_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopStats {
  /** The longest the event loop was held (a 1 ms timer's worst lateness), in ms. */
  maxMs: number;
  p99Ms: number;
  samples: number;
}

/**
 * How long tasks hold this process's event loop: Node's event-loop delay histogram at 1 ms
 * resolution. The responsiveness benchmark reads it from the engine between operations.
 */
export class LoopProbe {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });

  constructor() {
    this.histogram.enable();
  }

  reset(): void {
    this.histogram.reset();
  }

  read(): LoopStats {
    const h = this.histogram;
    return {
      maxMs: h.count ? h.max / 1e6 : 0,
      p99Ms: h.count ? h.percentile(99) / 1e6 : 0,
      samples: h.count,
    };
  }

  stop(): void {
    this.histogram.disable();
  }
}
