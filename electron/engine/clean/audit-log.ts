import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry } from '../../../shared/dto/clean';
import { errnoCode, fromErrno } from '../errors';

/**
 * Append-only JSON Lines record of every destructive action (what, which rule, bytes, undo
 * handle) in `<app data>/audit.jsonl`. Lines are written with O_APPEND, so two ModVault
 * processes never interleave within a line; unreadable lines are skipped when reading.
 */
export class AuditLog {
  readonly file: string;

  constructor(
    appDataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = path.join(appDataDir, 'audit.jsonl');
  }

  async append(entries: readonly Omit<AuditEntry, 'time'>[]): Promise<void> {
    if (entries.length === 0) return;
    const time = this.now();
    const text = entries.map((e) => JSON.stringify({ time, ...e }) + '\n').join('');
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      // A line cut short by a crash must not swallow the next entry.
      const broken = !(await endsWithNewline(this.file));
      await appendFile(this.file, broken ? '\n' + text : text, { flag: 'a' });
    } catch (e) {
      throw fromErrno(e, `the audit log ${this.file}`) ?? e;
    }
  }

  /** The last `limit` entries, oldest first. */
  async tail(limit: number): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return [];
      throw fromErrno(e, `the audit log ${this.file}`) ?? e;
    }
    const out: AuditEntry[] = [];
    for (const line of text.split('\n').slice(-limit - 1)) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as AuditEntry);
      } catch {
        /* a line cut by a crash or a full disk: the others still count */
      }
    }
    return out.slice(-limit);
  }
}

async function endsWithNewline(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return true;
    throw e;
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await fh.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await fh.close();
  }
}
