import type { Fmt } from '../fmt';

// The Cleanup wizard and the quarantine list.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);
type N = { n: number };
type Sized = { n: number; size: number };

export const cleanupEn = {
  'nav.cleanup': 'Cleanup',

  'cleanup.title': 'Cleanup',
  'cleanup.subtitle': 'Free space precisely, and undo it if you need to',
  'cleanup.steps': 'Cleanup steps',
  'cleanup.step.category': 'What',
  'cleanup.step.preview': 'Preview',
  'cleanup.step.options': 'Options',
  'cleanup.step.run': 'Clean up',
  'cleanup.step.result': 'Result',
  'cleanup.running': 'Cleaning up…',

  'cleanup.categoryTitle': 'What do you want to clean up?',
  'cleanup.kind.unused': 'Unused module versions',
  'cleanup.kind.corrupt': 'Broken entries',
  'cleanup.kind.gocache': 'Old build cache entries',
  'cleanup.kind.all': 'Everything',
  'cleanup.kindHint.unused':
    'Versions none of your projects use (their go.mod, go.sum and go.work decide).',
  'cleanup.kindHint.corrupt':
    'Damaged versions, half-extracted trees and leftovers of interrupted go commands.',
  'cleanup.kindHint.gocache':
    'Compiled packages and test results not used for a while, like Go’s own trim.',
  'cleanup.kindHint.all':
    'The whole module cache and build cache, like go clean -modcache -cache -testcache.',
  'cleanup.needsRoots':
    'To know what is unused, ModVault needs the folders where your Go projects live.',
  'cleanup.openSettings': 'Add them in Settings',
  'cleanup.rootsUsed': 'Projects are looked for under:',
  'cleanup.changeRoots': 'Change the project folders',
  'cleanup.allWarning':
    'Every build downloads and compiles everything again afterwards, which needs the network.',
  'cleanup.toPreview': 'Preview',

  'cleanup.col.item': 'What goes',
  'cleanup.col.reason': 'Why',
  'cleanup.col.lastUsed': 'Last used',
  'cleanup.col.size': 'Size',
  'cleanup.col.version': 'Module version',
  'cleanup.col.why': 'Kept because',
  'cleanup.col.projects': 'Used by',
  'cleanup.keepLatest': 'Keep the newest per module',
  'cleanup.olderThan': 'Only older than',
  'cleanup.maxSize': 'Shrink to at most',
  'cleanup.noLimit': 'no limit',
  'cleanup.deep': 'Deep check',
  'cleanup.deepHint': 'Also hash every extracted tree (slower).',
  'cleanup.targets': 'What to clean',
  'cleanup.target.modcache': 'Module cache',
  'cleanup.target.cache': 'Build cache',
  'cleanup.target.testcache': 'Test results',
  'cleanup.target.fuzzcache': 'Fuzz corpora',
  'cleanup.updatePreview': 'Update preview',
  'cleanup.blockers':
    'Go is running on these caches; whole-cache cleanup waits until it has finished:',
  'cleanup.nothing': 'Nothing to clean up',
  'cleanup.nothingBody': 'Nothing in this category matches. Your caches are tidy.',
  'cleanup.selectAll': (p: N, f: Fmt) => `All ${f.count(p.n)} ${s(p.n, 'item', 'items')}`,
  'cleanup.selection': (p: { n: number; total: number; size: number }, f: Fmt) =>
    `${f.count(p.n)} of ${f.count(p.total)} selected · ${f.bytes(p.size)}`,
  'cleanup.previewTable': 'What the cleanup would free',
  'cleanup.tableKeys': 'Space or Enter ticks or unticks the highlighted row.',
  'cleanup.back': 'Back',
  'cleanup.toOptions': 'Next: options',
  'cleanup.kept': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'version', 'versions')} kept, and why`,
  'cleanup.keptTable': 'Versions kept',
  'cleanup.keep.in-use': 'In use',
  'cleanup.keep.keep-latest': 'Among the newest',
  'cleanup.keep.too-recent': 'Too recent',
  'cleanup.keep.running-toolchain': 'Running Go',

  'cleanup.optionsTitle': 'How to clean up',
  'cleanup.aboutToGo': (p: Sized, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'item', 'items')} (${f.bytes(p.size)}) will go.`,
  'cleanup.backupFirst': 'Back up first',
  'cleanup.backupFirstHint':
    'Takes a snapshot before anything moves, so the versions can be restored even after the quarantine is purged.',
  'cleanup.modeTitle': 'What happens to them',
  'cleanup.mode.quarantine': 'Move to the quarantine',
  'cleanup.mode.delete': 'Delete permanently',
  'cleanup.mode.toolchain': 'Let go clean do it',
  'cleanup.recommended': 'Recommended',
  'cleanup.modeHint.quarantine': (p: N, f: Fmt) =>
    `Moved aside on the same disk: instant, and undoable for ${f.count(p.n)} ${s(p.n, 'day', 'days')}.`,
  'cleanup.modeHint.delete': () => 'Frees the space at once. Cannot be undone.',
  'cleanup.modeHint.toolchain': () =>
    'Runs go clean -modcache -cache -testcache and shows its output. Cannot be undone.',
  'cleanup.deleteWarningTitle': 'This cannot be undone',
  'cleanup.deleteWarning': (p: { size: number }, f: Fmt) =>
    `${f.bytes(p.size)} will be deleted for good: there will be no Undo. Unless you back up first, only the network can bring these modules back.`,
  'cleanup.deleteConfirm': 'I understand: delete them permanently',
  'cleanup.runQuarantine': (p: N, f: Fmt) =>
    `Move ${f.count(p.n)} ${s(p.n, 'item', 'items')} to the quarantine`,
  'cleanup.runDelete': (p: N, f: Fmt) => `Delete ${f.count(p.n)} ${s(p.n, 'item', 'items')}`,

  'cleanup.quarantined': (p: Sized, f: Fmt) =>
    `Moved ${f.count(p.n)} ${s(p.n, 'item', 'items')} (${f.bytes(p.size)}) to the quarantine`,
  'cleanup.deletedAll': (p: Sized, f: Fmt) =>
    `Deleted ${f.count(p.n)} ${s(p.n, 'item', 'items')} (${f.bytes(p.size)})`,
  'cleanup.undone': (p: Sized, f: Fmt) =>
    `Put back ${f.count(p.n)} ${s(p.n, 'item', 'items')} (${f.bytes(p.size)})`,
  'cleanup.undoneHint': 'Everything is where it was, with the same bytes and permissions.',
  'cleanup.undoHint': (p: { id: string }) =>
    `Changed your mind? Undo puts everything back exactly (quarantine ${p.id}).`,
  'cleanup.noUndo': 'The space is free; this cleanup cannot be undone.',
  'cleanup.backedUp': 'Backed up first in snapshot',
  'cleanup.failed': (p: N, f: Fmt) => `${f.count(p.n)} ${s(p.n, 'item', 'items')} could not go:`,
  'cleanup.conflicts': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'item was', 'items were')} downloaded again meanwhile and stay in the quarantine:`,
  'cleanup.again': 'Clean up something else',
  'cleanup.undo': 'Undo',
  'cleanup.undoFailed': 'Undo failed',

  'cleanup.quarantineTitle': 'Quarantine',
  'cleanup.quarantineHint':
    'What cleanups and repairs set aside, until the retention period ends (Settings).',
  'cleanup.quarantineEmpty': 'The quarantine is empty.',
  'cleanup.purgeExpired': (p: N, f: Fmt) => `Purge expired (${f.count(p.n)})`,
  'cleanup.qstatus.complete': 'Complete',
  'cleanup.qstatus.incomplete': 'Interrupted',
  'cleanup.qstatus.partly-restored': 'Partly put back',
  'cleanup.qItems': (p: Sized, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'item', 'items')}, ${f.bytes(p.size)}`,
  'cleanup.qExpired': 'retention over: can be purged',
  'cleanup.qExpires': (p: { when: string }) => `kept until ${p.when}`,
  'cleanup.purgeOne': (p: { id: string }) => `Delete quarantine ${p.id} for good`,
  'cleanup.purgeOneTitle': 'Delete this quarantine for good?',
  'cleanup.purgeExpiredTitle': 'Delete the expired quarantines for good?',
  'cleanup.purgeBody': 'Their files are deleted and can no longer be put back.',
  'cleanup.purgeConfirm': 'Delete for good',
  'cleanup.purged': (p: Sized, f: Fmt) =>
    `Purged ${f.count(p.n)} ${s(p.n, 'quarantine', 'quarantines')} (${f.bytes(p.size)})`,
  'cleanup.purgeFailed': 'Purge failed',

  'job.title.clean.plan': 'Plan a cleanup',
  'job.title.clean.run': 'Clean up',
  'job.title.quarantine.undo': 'Undo a cleanup',
  'job.title.quarantine.purge': 'Purge the quarantine',
};
