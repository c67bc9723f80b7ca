import type { JobInfo } from '../../shared/dto/jobs';
import { formatBytes, formatCount, formatDuration } from '../../shared/format';

const WIDTH = 24;

/** One-line job progress on a terminal (stderr), redrawn in place and cleared at the end. */
export class ProgressBar {
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  static enabledFor(stream: NodeJS.WriteStream): boolean {
    return stream.isTTY === true && !process.env.CI;
  }

  render(job: JobInfo): void {
    const p = job.progress;
    const useBytes = p.bytesTotal !== null && p.bytesTotal > 0;
    const fraction = useBytes ? p.bytesDone / p.bytesTotal! : p.total ? p.done / p.total : null;
    const parts: string[] = [this.label];
    if (fraction !== null) {
      const filled = Math.max(0, Math.min(WIDTH, Math.round(fraction * WIDTH)));
      parts.push(
        `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${Math.floor(fraction * 100)}%`,
      );
    } else {
      parts.push(p.phase);
    }
    if (p.total) parts.push(`${formatCount(p.done)}/${formatCount(p.total)}`);
    if (useBytes) parts.push(`${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal!)}`);
    if (useBytes && job.startedAt && p.bytesDone > 0)
      parts.push(
        `${formatBytes(p.bytesDone / Math.max(0.001, (Date.now() - job.startedAt) / 1000))}/s`,
      );
    if (p.etaMs !== null && p.etaMs > 0) parts.push(`ETA ${formatDuration(p.etaMs)}`);
    const columns = this.stream.columns ?? 100;
    const line = parts.join('  ').slice(0, columns - 1);
    this.stream.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
