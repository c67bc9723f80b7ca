import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../electron/engine/gomod/h1';
import { encodeContent } from '../../../electron/engine/store/blob-encoding';
import { BlobIndex } from '../../../electron/engine/store/blob-index';
import { BlobSink } from '../../../electron/engine/store/blob-sink';
import { noFaults } from '../../../electron/engine/store/fault-points';
import { FileIntents } from '../../../electron/engine/store/file-intents';
import { PackWriter } from '../../../electron/engine/store/pack-writer';
import { scratchIndex } from '../../helpers/scratch-index';

// The engine shares its event loop with IPC, the scheduler and the watcher (desktop.md,
// "Event-loop budget"): the store's long synchronous steps are bounded by size and sliced.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function store() {
  const s = await scratchIndex('modvault-slices-');
  cleanup.push(s.remove);
  return s;
}

const blob = (i: number) => encodeContent(Buffer.from(`blob number ${i}\n`));

/** Runs on every turn of the event loop until stopped; `seen` is what `probe` read each turn. */
function everyTurn<T>(probe: () => T): { seen: T[]; stop(): void } {
  const seen: T[] = [];
  let on = true;
  const tick = () => {
    seen.push(probe());
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return { seen, stop: () => (on = false) };
}

describe('event-loop slices in the store', () => {
  it('seals a pack of many small blobs long before its byte target: its index commit stays short', async () => {
    const { packs } = await store();
    const sealed: number[] = [];
    const writer = new PackWriter({
      packsDir: packs,
      targetBytes: 1 << 30,
      faults: noFaults,
      onOpen: () => {},
      onSealed: (p) => void sealed.push(p.blobs.length),
    });
    for (let i = 0; i < 2500; i++) {
      const b = blob(i);
      writer.append(b.meta, b.stored);
    }
    await writer.finish();
    expect(sealed).toEqual([1024, 1024, 452]);
  });

  it('commits deferred rows in several transactions, with turns of the event loop between them', async () => {
    const { db, packs } = await store();
    const sink = new BlobSink({
      db,
      index: new BlobIndex(db),
      intents: new FileIntents(db, Date.now),
      packsDir: packs,
      packTargetBytes: 1 << 20,
      faults: noFaults,
      now: Date.now,
    });
    const units = 40;
    const committed: number[] = [];
    const inTransaction: boolean[] = [];
    for (let i = 0; i < units; i++) {
      const b = blob(i);
      const seq = sink.put(b.meta, b.stored);
      sink.defer({
        needsPack: seq,
        commit: (d) => {
          inTransaction.push(d.inTransaction);
          // Each unit costs a millisecond, as a version of a few hundred files does.
          for (const until = performance.now() + 1; performance.now() < until;);
          committed.push(i);
        },
      });
    }
    const turns = everyTurn(() => committed.length);
    await sink.finish();
    turns.stop();

    expect(committed).toEqual([...Array(units).keys()]);
    expect(inTransaction.every(Boolean)).toBe(true);
    // The loop ran while some units were committed and others were not yet.
    expect(turns.seen.some((n) => n > 0 && n < units)).toBe(true);
    // Every blob's row was committed before the rows that name it.
    const ids = db.prepare('SELECT sha256 FROM blobs').pluck().all() as Buffer[];
    expect(new Set(ids.map((b) => b.toString('hex')))).toEqual(
      new Set([...Array(units).keys()].map((i) => sha256Hex(Buffer.from(`blob number ${i}\n`)))),
    );
  });
});
