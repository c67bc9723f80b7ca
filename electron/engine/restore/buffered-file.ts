import { writeAll } from './pack-blobs';

/**
 * Writes a file through one reusable buffer: data is appended or read straight into it and
 * goes out in large writes — a zip of a thousand small entries is a few syscalls, not two
 * thousand, and allocates nothing per entry.
 */
export class BufferedFile {
  private used = 0;

  constructor(
    private readonly fd: number,
    private readonly buf: Buffer,
  ) {}

  get capacity(): number {
    return this.buf.length;
  }

  append(data: Buffer): void {
    if (data.length > this.buf.length) {
      this.flush();
      writeAll(this.fd, data);
      return;
    }
    data.copy(this.reserve(data.length));
  }

  /** The next `n` bytes of the file (n ≤ capacity), for the caller to fill. */
  reserve(n: number): Buffer {
    if (this.used + n > this.buf.length) this.flush();
    const slot = this.buf.subarray(this.used, this.used + n);
    this.used += n;
    return slot;
  }

  flush(): void {
    if (this.used > 0) writeAll(this.fd, this.buf.subarray(0, this.used));
    this.used = 0;
  }
}
