/**
 * A reusable read buffer, one per thread, so reading thousands of small files or zip entries
 * allocates nothing per item. Contents are valid only until the next `get`.
 */
export class ScratchBuffer {
  private buf: Buffer;

  constructor(initialBytes = 1024 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get(minBytes: number): Buffer {
    if (this.buf.length < minBytes)
      this.buf = Buffer.allocUnsafe(Math.max(minBytes, this.buf.length * 2));
    return this.buf;
  }
}
