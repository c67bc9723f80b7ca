import { randomBytes } from 'node:crypto';
import type { ScheduleConfig, ScheduleSpec, ScheduleState } from '../../../shared/dto/schedule';
import type { RetentionPolicy } from '../../../shared/dto/store';
import type { AppError } from '../../../shared/errors';
import { EngineError } from '../errors';
import type { BackupStore } from '../store/backup-store';
import type { Db } from '../store/migrations';
import type { LockOwner } from '../store/store-lock';

export interface ScheduleRecord extends ScheduleConfig {
  id: string;
  pausedUntil: number | null;
  /** Interval slots are counted from here (when the timing was last set). */
  anchor: number;
  createdAt: number;
  updatedAt: number;
  /** The latest slot that needs no run any more. */
  doneSlot: number;
  state: ScheduleState;
}

export type ScheduleChange = Partial<ScheduleConfig>;

/** Who runs a schedule: this process, recognizable by other processes using the store. */
export type ClaimOwner = Omit<LockOwner, 'command'>;

/** A claim whose holder lives on another host cannot be checked: it is dropped after this. */
const FOREIGN_CLAIM_MS = 12 * 3_600_000;

interface Row {
  id: string;
  name: string;
  spec: string;
  timezone: string | null;
  gocache: number;
  retention: string;
  prune: number;
  skip_on_battery: number;
  enabled: number;
  paused_until: number | null;
  anchor: number;
  created_at: number;
  updated_at: number;
  done_slot: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  last_snapshot: string | null;
  failures: number;
  retry_at: number | null;
  running_by: string | null;
  running_since: number | null;
  push_to: string | null;
}

const SELECT = `SELECT s.*, t.done_slot, t.last_attempt_at, t.last_success_at, t.last_error, t.last_snapshot,
  t.failures, t.retry_at, t.running_by, t.running_since
  FROM schedules s JOIN schedule_state t ON t.schedule_id = s.id`;

function parseError(text: string | null): AppError | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as AppError;
  } catch {
    return { code: 'INTERNAL', message: text };
  }
}

/** "pid@host:start": the holder of a claim, with the kernel start time that tells pid reuse apart. */
function ownerTag(o: ClaimOwner): string {
  return `${o.pid}@${o.host}:${o.processStart(o.pid) ?? ''}`;
}

function toRecord(r: Row, claimLive: boolean): ScheduleRecord {
  return {
    id: r.id,
    name: r.name,
    spec: JSON.parse(r.spec) as ScheduleSpec,
    timezone: r.timezone,
    gocache: r.gocache === 1,
    retention: JSON.parse(r.retention) as RetentionPolicy,
    prune: r.prune === 1,
    skipOnBattery: r.skip_on_battery === 1,
    enabled: r.enabled === 1,
    pushTo: r.push_to,
    pausedUntil: r.paused_until,
    anchor: r.anchor,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    doneSlot: r.done_slot,
    state: {
      lastAttemptAt: r.last_attempt_at,
      lastSuccessAt: r.last_success_at,
      lastError: parseError(r.last_error),
      lastSnapshot: r.last_snapshot,
      failures: r.failures,
      retryAt: r.retry_at,
      runningBy: claimLive ? r.running_by!.replace(/:[^:]*$/, '') : null,
      runningSince: claimLive ? r.running_since : null,
    },
  };
}

/**
 * Schedules and their state in the store's index. Small transactions on the shared connection:
 * no store lock is needed, so schedules can be edited while a snapshot runs. A run is claimed
 * in one transaction, so two processes using the store never run the same slot.
 */
export class ScheduleRepo {
  constructor(
    private readonly store: BackupStore,
    private readonly owner: ClaimOwner,
  ) {}

  private async db(create: boolean): Promise<Db | null> {
    const db = await this.store.reader();
    if (db || !create) return db;
    // The first schedule creates the store (under its lock, like a first snapshot would).
    return this.store.write('schedule', async (s) => s.db);
  }

  async list(): Promise<ScheduleRecord[]> {
    const db = await this.db(false);
    if (!db) return [];
    return (db.prepare(`${SELECT} ORDER BY s.created_at, s.id`).all() as Row[]).map((r) =>
      this.record(r),
    );
  }

  /** A schedule by id or unique id prefix. */
  async get(ref: string): Promise<ScheduleRecord> {
    const db = await this.db(false);
    const rows = db
      ? (db
          .prepare(`${SELECT} WHERE s.id >= ? AND s.id < ? ORDER BY s.id LIMIT 2`)
          .all(ref, `${ref}\uffff`) as Row[])
      : [];
    if (rows.length === 0)
      throw new EngineError('NOT_FOUND', `No schedule ${ref}.`, {
        fix: 'List them with `modvault schedule list`.',
      });
    if (rows.length > 1)
      throw new EngineError('INVALID_INPUT', `${ref} matches more than one schedule.`, {
        fix: 'Give more characters of the id.',
      });
    return this.record(rows[0]!);
  }

  /** A claim whose holder died is shown (and treated) as no claim. */
  private record(r: Row): ScheduleRecord {
    const live =
      r.running_by !== null && !this.isStale(r.running_by, r.running_since ?? 0, this.owner.now());
    return toRecord(r, live);
  }

  async add(c: ScheduleConfig, now: number): Promise<ScheduleRecord> {
    const db = (await this.db(true))!;
    const id = randomBytes(4).toString('hex');
    db.transaction(() => {
      db.prepare(
        `INSERT INTO schedules (id, name, spec, timezone, gocache, retention, prune, skip_on_battery,
           enabled, paused_until, anchor, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
      ).run(
        id,
        c.name,
        JSON.stringify(c.spec),
        c.timezone,
        +c.gocache,
        JSON.stringify(c.retention),
        +c.prune,
        +c.skipOnBattery,
        +c.enabled,
        now,
        now,
        now,
      );
      db.prepare('UPDATE schedules SET push_to = ? WHERE id = ?').run(c.pushTo ?? null, id);
      db.prepare('INSERT INTO schedule_state (schedule_id, done_slot) VALUES (?, ?)').run(id, now);
    })();
    return this.get(id);
  }

  /**
   * Changes settings. A new timing (or enabling a disabled schedule) starts counting from now:
   * slots of the old timing, or of the time it was off, are not owed.
   */
  async update(id: string, c: ScheduleChange, now: number): Promise<ScheduleRecord> {
    const before = await this.get(id);
    const next: ScheduleConfig = { ...before, ...c };
    const restart =
      JSON.stringify(next.spec) !== JSON.stringify(before.spec) ||
      next.timezone !== before.timezone ||
      (next.enabled && !before.enabled);
    const db = (await this.db(false))!;
    db.transaction(() => {
      db.prepare(
        `UPDATE schedules SET name = ?, spec = ?, timezone = ?, gocache = ?, retention = ?, prune = ?,
           skip_on_battery = ?, enabled = ?, anchor = ?, updated_at = ? WHERE id = ?`,
      ).run(
        next.name,
        JSON.stringify(next.spec),
        next.timezone,
        +next.gocache,
        JSON.stringify(next.retention),
        +next.prune,
        +next.skipOnBattery,
        +next.enabled,
        restart ? now : before.anchor,
        now,
        before.id,
      );
      db.prepare('UPDATE schedules SET push_to = ? WHERE id = ?').run(
        next.pushTo ?? null,
        before.id,
      );
      if (restart)
        db.prepare(
          'UPDATE schedule_state SET done_slot = ?, retry_at = NULL, failures = 0 WHERE schedule_id = ?',
        ).run(now, before.id);
    })();
    return this.get(before.id);
  }

  async remove(ref: string): Promise<string> {
    const { id } = await this.get(ref);
    (await this.db(false))!.prepare('DELETE FROM schedules WHERE id = ?').run(id);
    return id;
  }

  /** Sets (or, with null, clears) the pause of one schedule or of all of them. */
  async setPause(ref: string | undefined, until: number | null, now: number): Promise<void> {
    const db = await this.db(false);
    if (!db) return;
    if (ref === undefined)
      db.prepare('UPDATE schedules SET paused_until = ?, updated_at = ?').run(until, now);
    else {
      const { id } = await this.get(ref);
      db.prepare('UPDATE schedules SET paused_until = ?, updated_at = ? WHERE id = ?').run(
        until,
        now,
        id,
      );
    }
  }

  /**
   * Marks a run as started by this process, unless another live process runs the schedule.
   * A claim left by a process that died is taken over.
   */
  async claim(id: string, now: number): Promise<boolean> {
    const db = await this.db(false);
    if (!db) return false;
    return db
      .transaction(() => {
        const row = db
          .prepare('SELECT running_by, running_since FROM schedule_state WHERE schedule_id = ?')
          .get(id) as { running_by: string | null; running_since: number | null } | undefined;
        if (!row) return false;
        if (row.running_by && !this.isStale(row.running_by, row.running_since ?? 0, now))
          return false;
        db.prepare(
          'UPDATE schedule_state SET running_by = ?, running_since = ?, last_attempt_at = ? WHERE schedule_id = ?',
        ).run(ownerTag(this.owner), now, now, id);
        return true;
      })
      .immediate();
  }

  async succeeded(id: string, doneSlot: number, snapshot: string, now: number): Promise<void> {
    const db = await this.db(false);
    db?.prepare(
      `UPDATE schedule_state SET done_slot = max(done_slot, ?), last_success_at = ?, last_snapshot = ?,
         last_error = NULL, failures = 0, retry_at = NULL, running_by = NULL, running_since = NULL
       WHERE schedule_id = ?`,
    ).run(doneSlot, now, snapshot, id);
  }

  async failed(id: string, error: AppError, retryAt: number): Promise<void> {
    const db = await this.db(false);
    db?.prepare(
      `UPDATE schedule_state SET last_error = ?, failures = failures + 1, retry_at = ?,
         running_by = NULL, running_since = NULL WHERE schedule_id = ?`,
    ).run(JSON.stringify(error), retryAt, id);
  }

  /** A run that never started (canceled while waiting for the store): nothing to record. */
  async released(id: string): Promise<void> {
    const db = await this.db(false);
    db?.prepare(
      'UPDATE schedule_state SET running_by = NULL, running_since = NULL WHERE schedule_id = ? AND running_by = ?',
    ).run(id, ownerTag(this.owner));
  }

  private isStale(tag: string, since: number, now: number): boolean {
    const m = /^(\d+)@(.*):([^:]*)$/.exec(tag);
    if (!m) return true;
    const [, pid, host, start] = m;
    if (host !== this.owner.host) return now - since > FOREIGN_CLAIM_MS;
    if (!this.owner.isAlive(Number(pid))) return true;
    const current = this.owner.processStart(Number(pid));
    return start !== '' && current !== null && current !== start;
  }
}
