/**
 * Estimates time left from the rate over a sliding window, so a slow start or a burst does not
 * dominate the estimate for the rest of the job.
 */
export class EtaEstimator {
  private samples: { t: number; v: number }[] = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly minElapsedMs = 800,
  ) {}

  sample(t: number, done: number, total: number | null): number | null {
    this.samples.push({ t, v: done });
    while (this.samples.length > 2 && t - this.samples[0]!.t > this.windowMs) this.samples.shift();
    if (total === null || total <= 0) return null;
    if (done >= total) return 0;
    const first = this.samples[0]!;
    const dt = t - first.t;
    const dv = done - first.v;
    if (dt < this.minElapsedMs || dv <= 0) return null;
    return Math.round(((total - done) * dt) / dv);
  }
}
