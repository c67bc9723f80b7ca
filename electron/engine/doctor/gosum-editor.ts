import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditLog } from '../clean/audit-log';
import { EngineError, errnoCode, fromErrno } from '../errors';
import type { GoSumFix } from './repair-plan';

const ID = /^g-\d{8}-\d{6}-[a-f0-9]{6}$/;

interface Manifest {
  id: string;
  time: number;
  fixes: GoSumFix[];
  /** Each go.sum as it was, saved beside the manifest (`<n>.go.sum`). */
  files: string[];
  undone: boolean;
}

/**
 * The one repair that touches a project: rewriting a wrong go.sum line with the hash the
 * witnesses agree on — that line only, never the file. The go.sum as it was is kept in
 * `<app data>/gosum-backups/<id>/`, the change is in the audit log, and undo puts the old line
 * back (other lines go has changed since stay as they are).
 */
export class GoSumEditor {
  private readonly dir: string;

  constructor(
    appDataDir: string,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {
    this.dir = path.join(appDataDir, 'gosum-backups');
  }

  /** Rewrites the lines; returns the backup id that undoes it. Nothing is written on failure. */
  async apply(fixes: GoSumFix[]): Promise<string> {
    const files = [...new Set(fixes.map((f) => f.file))];
    const texts = new Map<string, string>();
    const updated = new Map<string, string>();
    for (const file of files) {
      const text = await readFile(file, 'utf8').catch((e: unknown) => {
        throw fromErrno(e, `the go.sum ${file}`) ?? e;
      });
      texts.set(file, text);
      let next = text;
      for (const f of fixes.filter((x) => x.file === file))
        next = replaceLine(next, f, f.from, f.to);
      updated.set(file, next);
    }
    const id = this.newId();
    const backup = path.join(this.dir, id);
    await mkdir(backup, { recursive: true });
    const manifest: Manifest = { id, time: this.now(), fixes, files, undone: false };
    await Promise.all(
      files.map((f, i) => writeFile(path.join(backup, `${i}.go.sum`), texts.get(f)!)),
    );
    await writeFile(path.join(backup, 'manifest.json'), JSON.stringify(manifest, null, 2));
    for (const file of files) await writeLikeOriginal(file, updated.get(file)!);
    await this.audit.append(
      fixes.map((f) => ({
        action: 'repair' as const,
        rule: 'doctor/fix-gosum-line',
        path: f.file,
        version: f.key,
        bytes: 0,
        undo: id,
        ok: true,
        message: `${f.key} ${f.from} → ${f.to}`,
      })),
    );
    return id;
  }

  /** Puts the old lines back. Refuses when a line was changed again since (the backup stays). */
  async undo(id: string): Promise<{ restored: string[] }> {
    if (!ID.test(id)) throw new EngineError('INVALID_INPUT', `${id} is not a go.sum backup id.`);
    const file = path.join(this.dir, id, 'manifest.json');
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
    } catch (e) {
      if (errnoCode(e) === 'ENOENT')
        throw new EngineError('NOT_FOUND', `There is no go.sum backup ${id}.`, { path: file });
      throw fromErrno(e, `the go.sum backup ${file}`) ?? e;
    }
    if (manifest.undone) return { restored: [] };
    const updated = new Map<string, string>();
    for (const f of manifest.fixes) {
      const text = updated.get(f.file) ?? (await readFile(f.file, 'utf8'));
      try {
        updated.set(f.file, replaceLine(text, f, f.to, f.from));
      } catch {
        throw new EngineError(
          'CONFLICT',
          `${f.file} no longer holds the line ModVault wrote for ${f.key}; it was not changed.`,
          {
            path: f.file,
            fix: `The go.sum as it was is kept in ${path.join(this.dir, id)}.`,
          },
        );
      }
    }
    for (const [f, text] of updated) await writeLikeOriginal(f, text);
    await writeFile(file, JSON.stringify({ ...manifest, undone: true }, null, 2));
    await this.audit.append(
      manifest.fixes.map((f) => ({
        action: 'undo' as const,
        rule: 'doctor/fix-gosum-line',
        path: f.file,
        version: f.key,
        bytes: 0,
        undo: id,
        ok: true,
        message: `${f.key} ${f.to} → ${f.from}`,
      })),
    );
    return { restored: [...updated.keys()] };
  }

  private newId(): string {
    const iso = new Date(this.now()).toISOString();
    const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
    return `g-${stamp}-${randomBytes(3).toString('hex')}`;
  }
}

/** Replaces the one line "<key> <from>" (whitespace as go writes it, or any) with "<key> <to>". */
function replaceLine(text: string, f: GoSumFix, from: string, to: string): string {
  const lines = text.split('\n');
  const at = lines.flatMap((l, i) => {
    const [p, v, h, ...rest] = l.trim().split(/\s+/);
    return rest.length === 0 && `${p} ${v}` === f.key && h === from ? [i] : [];
  });
  if (at.length !== 1)
    throw new EngineError('CONFLICT', `${f.file} has no line "${f.key} ${from}" any more.`, {
      path: f.file,
      fix: 'Check again: the go.sum changed since the doctor read it.',
    });
  lines[at[0]!] = `${f.key} ${to}`;
  return lines.join('\n');
}

/** Temp file + rename beside the original, keeping its mode and owner. */
async function writeLikeOriginal(file: string, text: string): Promise<void> {
  const st = await stat(file);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.modvault-tmp`;
  try {
    await writeFile(tmp, text, { mode: st.mode & 0o777 });
    await chmod(tmp, st.mode & 0o777);
    if (process.getuid?.() === 0) await chown(tmp, st.uid, st.gid);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw fromErrno(e, `the go.sum ${file}`) ?? e;
  }
}
