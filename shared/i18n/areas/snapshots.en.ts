import type { Fmt } from '../fmt';

// The Snapshots page, the dashboard's Backups card and the store's job titles.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);
type N = { n: number };

export const snapshotsEn = {
  'nav.snapshots': 'Snapshots',

  'snapshots.title': 'Snapshots',
  'snapshots.subtitle': (p: { n: number; size: number }, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'snapshot', 'snapshots')} · store ${f.bytes(p.size)}`,
  'snapshots.subtitleEmpty': 'Deduplicated backups of your module cache',
  'snapshots.backUp': 'Back up',
  'snapshots.backUpNow': 'Back up now',
  'snapshots.backingUp': 'Backing up…',
  'snapshots.includeGocache': 'Include the build cache',
  'snapshots.includeGocacheHint':
    'Also keep GOCACHE (compiled packages and test results), with the Go version that made it.',
  'snapshots.doneLine': (p: { versions: number; n: number; size: number }, f: Fmt) =>
    `Backed up ${f.count(p.versions)} ${s(p.versions, 'version', 'versions')} · ${f.count(p.n)} new · ${f.bytes(p.size)} added`,
  'snapshots.problemsN': (p: N, f: Fmt) => `${f.count(p.n)} ${s(p.n, 'problem', 'problems')}`,
  'snapshots.emptyTitle': 'No backups yet',
  'snapshots.emptyBody':
    'Back up now: the first snapshot stores every module version once; later ones add only what is new.',

  'snapshots.col.time': 'Taken',
  'snapshots.col.versions': 'Versions',
  'snapshots.col.new': 'New',
  'snapshots.col.added': 'Added',
  'snapshots.col.size': 'Size',
  'snapshots.col.kept': 'Kept because',
  'snapshots.col.problems': 'Problems',
  'snapshots.col.version': 'Module version',
  'snapshots.col.kind': 'Stored from',
  'snapshots.col.hash': 'Hash',
  'snapshots.imported': 'Imported',
  'snapshots.withGocache': '+ build cache',
  'snapshots.wouldGo': 'Would be removed',
  'snapshots.noProblems': 'None',
  'snapshots.reason.last': 'recent',
  'snapshots.reason.hourly': 'hourly',
  'snapshots.reason.daily': 'daily',
  'snapshots.reason.weekly': 'weekly',
  'snapshots.reason.monthly': 'monthly',
  'snapshots.reason.yearly': 'yearly',

  'snapshots.snapshot': 'Snapshot',
  'snapshots.latest': 'Latest',
  'snapshots.export': 'Export…',
  'snapshots.delete': 'Delete…',
  'snapshots.newVersions': 'New versions',
  'snapshots.bytesAdded': 'Added to the store',
  'snapshots.source': 'Module cache',
  'snapshots.host': 'Computer',
  'snapshots.buildCache': 'Build cache',
  'snapshots.files': (p: N, f: Fmt) => `${f.count(p.n)} ${s(p.n, 'file', 'files')}`,
  'snapshots.retention': 'Retention',
  'snapshots.noPolicy': 'Not kept by the policy below',
  'snapshots.problemsTitle': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'problem', 'problems')} when it was taken`,
  'snapshots.problem.zip-mismatch': 'Zip ≠ .ziphash',
  'snapshots.problem.zip-invalid': 'Zip breaks Go’s rules',
  'snapshots.problem.zip-unreadable': 'Zip unreadable',
  'snapshots.problem.tree-mismatch': 'Tree ≠ .ziphash',
  'snapshots.problem.tree-unreadable': 'Tree unreadable',
  'snapshots.problem.unverified': 'No .ziphash to check',
  'snapshots.problem.mod-missing': 'No .mod file',
  'snapshots.problem.info-invalid': 'Bad .info file',
  'snapshots.problem.unreadable': 'Permission denied',
  'snapshots.problem.changed': 'Changed while read',
  'snapshots.problem.vanished': 'Deleted while read',
  'snapshots.problem.symlink': 'Symlink, not followed',
  'snapshots.keptFrom': (p: { id: string }) => `The good copy from snapshot ${p.id} is kept.`,
  'snapshots.compareWithPrevious': 'Compare with the previous one',
  'snapshots.compareWithCache': 'Compare with the cache now',
  'snapshots.showVersions': (p: N, f: Fmt) =>
    `Show its ${f.count(p.n)} ${s(p.n, 'version', 'versions')}`,
  'snapshots.searchVersions': 'Filter versions…',
  'snapshots.versionsOf': 'Module versions in this snapshot',
  'snapshots.source.zip': 'Zip, verified',
  'snapshots.source.tree': 'Tree, verified',
  'snapshots.source.none': 'go.mod only',
  'snapshots.unverified': 'Unverified',
  'snapshots.unverifiedHint':
    'The cache had no .ziphash for it: stored with the hash computed from its files.',

  'snapshots.exportTitle': (p: { id: string }) => `Export snapshot ${p.id}`,
  'snapshots.exportHint':
    'The export is a GOPROXY: the go command can download every module of the snapshot from it, offline.',
  'snapshots.format': 'Format',
  'snapshots.formatDir': 'Folder',
  'snapshots.destination': 'Save to',
  'snapshots.destinationDir': '/path/to/goproxy',
  'snapshots.destinationFile': (p: { ext: string }) => `/path/to/modules.${p.ext}`,
  'snapshots.destinationDirHint': 'A new or empty folder.',
  'snapshots.destinationFileHint': 'The file must not exist yet; its folder must.',
  'snapshots.exportRun': 'Export',
  'snapshots.exported': 'Exported',
  'snapshots.exportedLine': (p: { versions: number; n: number; size: number }, f: Fmt) =>
    `${f.count(p.versions)} ${s(p.versions, 'version', 'versions')}, ${f.count(p.n)} ${s(p.n, 'file', 'files')}, ${f.bytes(p.size)}`,
  'snapshots.exportUse': 'To use it (unpack an archive first):',
  'snapshots.exportUnpacked': '<unpacked folder>',

  'snapshots.deleteTitle': (p: { id: string }) => `Delete snapshot ${p.id}?`,
  'snapshots.deleteBody': (p: { when: string; n: number }, f: Fmt) =>
    `The snapshot from ${p.when} (${f.count(p.n)} ${s(p.n, 'version', 'versions')}) goes. Versions other snapshots hold stay in the store.`,
  'snapshots.deleteLatest':
    'This is your latest backup: a restore would use it. Deleting it leaves only older snapshots.',
  'snapshots.deleteForce': 'Delete the latest backup anyway',
  'snapshots.pruneNow': 'Reclaim the space now',
  'snapshots.pruneNowHint':
    'Removes the data no remaining snapshot uses (prune). Without it, the space is reclaimed by the next prune.',
  'snapshots.deleteConfirm': 'Delete',
  'snapshots.deleted': (p: { id: string }) => `Snapshot ${p.id} deleted`,
  'snapshots.freed': (p: { size: number }, f: Fmt) => `${f.bytes(p.size)} freed in the store.`,

  'snapshots.retentionTitle': 'Retention policy',
  'snapshots.retentionHint': 'How many snapshots to keep; the table shows why each one stays.',
  'snapshots.keep.last': 'Latest',
  'snapshots.keep.hourly': 'Hourly',
  'snapshots.keep.daily': 'Daily',
  'snapshots.keep.weekly': 'Weekly',
  'snapshots.keep.monthly': 'Monthly',
  'snapshots.keep.yearly': 'Yearly',
  'snapshots.noRules': 'No rule set: every snapshot is kept.',
  'snapshots.previewing': 'Working out what the policy keeps…',
  'snapshots.policyOutcome': (p: { n: number; total: number }, f: Fmt) =>
    `Keeps ${f.count(p.n)} ${s(p.n, 'snapshot', 'snapshots')}, removes ${f.count(p.total)}.`,
  'snapshots.applyPolicy': 'Apply…',
  'snapshots.applyTitle': (p: N, f: Fmt) =>
    `Remove ${f.count(p.n)} ${s(p.n, 'snapshot', 'snapshots')}?`,
  'snapshots.applyBody': 'The policy keeps the others. These go:',
  'snapshots.applyConfirm': (p: N, f: Fmt) => `Remove ${f.count(p.n)}`,
  'snapshots.policyApplied': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'snapshot', 'snapshots')} removed`,

  'snapshots.compareTitle': 'Compare',
  'snapshots.compareFrom': 'From',
  'snapshots.compareTo': 'To',
  'snapshots.currentCache': 'The module cache now',
  'snapshots.compareRun': 'Compare',
  'snapshots.compareHint':
    'Pick two snapshots, or one and the cache as it is now, to see which module versions came and went.',
  'snapshots.diffBetween': (p: { from: string; to: string }) => `From ${p.from} to ${p.to}`,
  'snapshots.diffAdded': (p: { size: number }, f: Fmt) => `added · ${f.bytes(p.size)}`,
  'snapshots.diffRemoved': (p: { size: number }, f: Fmt) => `removed · ${f.bytes(p.size)}`,
  'snapshots.diffChanged': 'changed contents',
  'snapshots.diffUnchanged': 'unchanged',
  'snapshots.diffSame': 'Same module versions, same contents.',
  'snapshots.diffShow': 'Show',
  'snapshots.diffTabAdded': (p: N, f: Fmt) => `Added (${f.count(p.n)})`,
  'snapshots.diffTabRemoved': (p: N, f: Fmt) => `Removed (${f.count(p.n)})`,
  'snapshots.diffTabChanged': (p: N, f: Fmt) => `Changed (${f.count(p.n)})`,
  'snapshots.diffNone': 'Nothing in this list.',

  'snapshots.storeTitle': 'Backup store',
  'snapshots.storeMove': 'Move…',
  'snapshots.storeSource.option': 'from --store',
  'snapshots.storeSource.env': 'from MODVAULT_STORE',
  'snapshots.storeSource.settings': 'from Settings',
  'snapshots.storeSource.default': 'default location',
  'snapshots.storeNotYet': 'The store is created by the first backup.',
  'snapshots.storeSize': 'On disk',
  'snapshots.storeSnapshots': 'Snapshots',
  'snapshots.storePacks': 'Packs',
  'snapshots.storeBlobs': 'Unique files',
  'snapshots.storeIndex': 'Index',
  'snapshots.storeLocked': (p: { pid: number; host: string; command: string; when: string }) =>
    `In use: ${p.command} (pid ${p.pid} on ${p.host}), since ${p.when}.`,
  'snapshots.check': 'Check',
  'snapshots.checkStructure': 'Structure',
  'snapshots.checkSample': 'Read 10 % of the data',
  'snapshots.checkAll': 'Read all data',
  'snapshots.checkRun': 'Check the store',
  'snapshots.checkHint.0':
    'Quick: the index, every pack’s size and headers, and that every snapshot’s data is there.',
  'snapshots.checkHint.10':
    'Also decompresses and re-hashes the data of a random tenth of the packs.',
  'snapshots.checkHint.100':
    'Also decompresses and re-hashes every byte of data: slow, but proves every backup restores.',
  'snapshots.checkOk': 'The store is sound',
  'snapshots.checkBad': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'problem', 'problems')} in the store`,
  'snapshots.checkCovered': (p: { snapshots: number; packs: number; blobs: number }, f: Fmt) =>
    `${f.count(p.snapshots)} ${s(p.snapshots, 'snapshot', 'snapshots')}, ${f.count(p.packs)} ${s(p.packs, 'pack', 'packs')}, ${f.count(p.blobs)} unique files checked`,
  'snapshots.checkRead': (p: { n: number; size: number; pct: number }, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'pack', 'packs')} read (${f.bytes(p.size)}, ${f.count(p.pct)} %)`,
  'snapshots.checkKind.index-damaged': 'Index damaged',
  'snapshots.checkKind.pack-missing': 'Pack missing',
  'snapshots.checkKind.pack-size': 'Pack size wrong',
  'snapshots.checkKind.pack-header': 'Pack header damaged',
  'snapshots.checkKind.blob-header': 'Data header damaged',
  'snapshots.checkKind.blob-data': 'Data damaged',
  'snapshots.checkKind.dangling-reference': 'Missing data',
  'snapshots.checkKind.orphan-pack': 'Leftover pack',
  'snapshots.checkAffects': (p: { ids: string }) => `Affects snapshots ${p.ids}`,

  'snapshots.cardLast': 'Last good backup',
  'snapshots.cardNone': 'No backup yet',
  'snapshots.cardProblems': (p: N, f: Fmt) =>
    `The last backup reported ${f.count(p.n)} ${s(p.n, 'problem', 'problems')}`,
  'snapshots.cardStore': 'Store size',
  'snapshots.cardCount': 'Snapshots',
  'snapshots.cardAll': 'All snapshots',

  'job.title.store.snapshot': 'Back up the module cache',
  'job.title.store.snapshotGocache': 'Back up the module and build caches',
  'job.title.store.forgetPreview': 'Preview the retention policy',
  'job.title.store.prunePreview': 'Preview what prune would free',
  'job.title.store.forget': 'Forget snapshots',
  'job.title.store.prune': 'Prune the store',
  'job.title.store.check': 'Check the store',
  'job.title.store.diff': 'Compare snapshots',
  'job.title.store.export': 'Export a snapshot',
  'job.title.store.import': 'Import a snapshot',
};
