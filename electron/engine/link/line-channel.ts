import type { Socket } from 'node:net';

/**
 * One JSON document per line over a local socket. Lines longer than `maxLine` end the
 * connection: a peer that never sends a newline must not grow the buffer without bound.
 */
export class LineChannel {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private closed = false;

  constructor(
    readonly socket: Socket,
    private readonly maxLine: number,
    private readonly onLine: (line: string) => void,
    private readonly onClose: (reason: string) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.finish('closed'));
    socket.on('error', (e) => this.finish(String(e)));
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      const line =
        this.partialBytes === 0
          ? piece.toString('utf8')
          : Buffer.concat([...this.partial, piece]).toString('utf8');
      this.partial = [];
      this.partialBytes = 0;
      start = nl + 1;
      if (line.length > 0) this.onLine(line);
      if (this.closed) return;
    }
    if (start < chunk.length) {
      this.partial.push(chunk.subarray(start));
      this.partialBytes += chunk.length - start;
      if (this.partialBytes > this.maxLine) this.close(`line longer than ${this.maxLine} bytes`);
    }
  }

  get open(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /** Bytes queued for the peer and not yet written (the peer is slow or not reading). */
  get buffered(): number {
    return this.socket.writableLength;
  }

  send(text: string): void {
    if (!this.open) return;
    this.socket.write(text + '\n');
  }

  sendJson(frame: unknown): void {
    this.send(JSON.stringify(frame));
  }

  close(reason: string): void {
    if (this.closed) return;
    this.socket.end();
    // A peer that does not read would keep the socket half-open: cut it after a moment.
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.finish(reason);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.partial = [];
    this.onClose(reason);
  }
}
