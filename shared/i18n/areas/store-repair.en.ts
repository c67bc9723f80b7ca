import type { Fmt } from '../fmt';

// The store's health on the Snapshots page: damage, read-only stores, and Repair.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);
type N = { n: number };

export const storeRepairEn = {
  'snapshots.checkKind.index-behind': 'Index out of date',
  'snapshots.checkKind.manifest-damaged': 'Manifest damaged',
  'snapshots.checkKind.manifest-missing': 'Manifest missing',
  'snapshots.checkKind.blob-lost': 'Data to store again',
  'snapshots.checkFix': (p: { fix: string }) => `What to do: ${p.fix}`,

  'storeRepair.readOnly': 'Read-only',
  'storeRepair.readOnlyHint':
    'This store cannot be written (read-only disk or another account’s folder). Listing, comparing, checking, exporting and restoring work; backing up does not.',
  'storeRepair.damagedTitle': 'The store is damaged',
  'storeRepair.repair': 'Repair',
  'storeRepair.repairHint':
    'Repair rebuilds the index from the packs and snapshot manifests and reads every pack back. It never deletes anything: what cannot be read is moved into the store’s damaged folder.',
  'storeRepair.ok': 'Every snapshot is complete',
  'storeRepair.bad': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'snapshot is', 'snapshots are')} missing data`,
  'storeRepair.rebuilt': (p: { state: string; packs: number }, f: Fmt) =>
    `The index (${p.state}) was rebuilt from ${f.count(p.packs)} ${s(p.packs, 'pack', 'packs')} and the snapshot manifests.`,
  'storeRepair.checked': (p: { size: number }, f: Fmt) =>
    `The index was intact; every pack was read back (${f.bytes(p.size)}).`,
  'storeRepair.counts': (p: { snapshots: number; added: number; damaged: number }, f: Fmt) =>
    `${f.count(p.snapshots)} ${s(p.snapshots, 'snapshot', 'snapshots')} · ${f.count(p.added)} ${s(p.added, 'pack', 'packs')} added to the index · ${f.count(p.damaged)} damaged ${s(p.damaged, 'blob', 'blobs')} recorded`,
  'storeRepair.state.ok': 'intact',
  'storeRepair.state.missing': 'missing',
  'storeRepair.state.empty': 'empty',
  'storeRepair.state.garbled': 'not a database',
  'storeRepair.state.unreadable': 'unreadable',
  'storeRepair.state.no-schema': 'without the store’s tables',
  'storeRepair.state.corrupt': 'damaged',
  'storeRepair.state.behind': 'out of date',
  'storeRepair.recovered': (p: { ids: string }) => `Recovered snapshots: ${p.ids}`,
  'storeRepair.movedAside': 'Moved aside (kept, not deleted)',
  'storeRepair.lost': (p: { id: string; versions: number; files: number; size: number }, f: Fmt) =>
    `Snapshot ${p.id}: ${f.count(p.versions)} module ${s(p.versions, 'version', 'versions')} and ${f.count(p.files)} other ${s(p.files, 'file', 'files')} lost (${f.bytes(p.size)})`,
  'storeRepair.lostHint':
    'Back up while the module cache still holds what is lost: it is stored again, and these snapshots restore completely again.',

  'job.title.store.repair': 'Repair the store',
};
