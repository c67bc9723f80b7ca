import type { Fmt } from '../fmt';

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);
type N = { n: number };
const versions = (n: number, f: Fmt) => `${f.count(n)} ${s(n, 'version', 'versions')}`;

/** The Restore wizard and restore jobs (see renderer/src/pages/Restore.svelte). */
export const restoreEn = {
  'nav.restore': 'Restore',
  'restore.title': 'Restore',
  'restore.subtitle': 'Bring the module cache back from a snapshot, verified',
  'restore.steps': 'Restore steps',
  'restore.step.what': 'What happened',
  'restore.step.snapshot': 'Snapshot',
  'restore.step.scope': 'Scope and mode',
  'restore.step.preview': 'Preview',
  'restore.step.run': 'Restore',
  'restore.step.result': 'Result',
  'restore.back': 'Back',
  'restore.next': 'Next',
  'restore.startOver': 'Restore something else',
  'restore.openDashboard': 'Open the dashboard',

  'restore.what.question': 'What happened to your module cache?',
  'restore.what.gone': 'The cache is gone',
  'restore.what.goneHint':
    'It was deleted (rm -rf, go clean -modcache, a cleaner app). Everything in the snapshot comes back; nothing already there is touched.',
  'restore.what.broken': 'Some modules are broken',
  'restore.what.brokenHint':
    'Builds fail with checksum or zip errors. Damaged versions are replaced from the snapshot; their old files go to the quarantine.',
  'restore.what.project': 'One project needs its modules',
  'restore.what.projectHint':
    'Only what a project’s go.sum and go.mod name is restored, for example on a new machine.',
  'restore.what.cacheMissing': (p: { path: string }) => `Nothing is at ${p.path} right now.`,
  'restore.what.cacheEmpty': (p: { path: string }) => `The module cache at ${p.path} is empty.`,
  'restore.what.cacheDamaged': (p: N, f: Fmt) => `The last scan found ${versions(p.n, f)} damaged.`,
  'restore.what.cacheOk': (p: N, f: Fmt) => `The cache holds ${versions(p.n, f)}.`,

  'restore.snapshot.choose': 'Restore from which snapshot?',
  'restore.snapshot.latest': 'Latest',
  'restore.snapshot.versions': (p: N, f: Fmt) => versions(p.n, f),
  'restore.snapshot.buildCache': 'with build cache',
  'restore.snapshot.emptyTitle': 'No snapshots yet',
  'restore.snapshot.emptyBody':
    'A restore needs a snapshot of the cache taken while it was intact. Take one with Back up now (Snapshots page or the tray), then come back here.',
  'restore.snapshot.loading': 'Reading the backup store…',

  'restore.scope.what': 'What to restore',
  'restore.scope.all': 'Everything',
  'restore.scope.allHint':
    'Every version in the snapshot, with the checksum-database files. Healthy versions already in the cache are left as they are.',
  'restore.scope.projects': 'What projects need',
  'restore.scope.projectsHint':
    'Only the versions the go.sum and go.mod of the project folders name: fast, for one app or a new machine.',
  'restore.scope.modules': 'Named modules',
  'restore.scope.modulesHint':
    'Only the modules you list: a module path for all its versions, or path@version for one.',
  'restore.scope.projectsLabel': 'Project folders (one per line, each holding go.mod)',
  'restore.scope.projectPlaceholder': '/home/you/src/app',
  'restore.scope.found': 'Found in your project folders:',
  'restore.scope.modulesLabel': 'Modules, one per line: path or path@version',
  'restore.scope.needProject': 'Enter at least one project folder.',
  'restore.scope.needModule': 'Enter at least one module.',
  'restore.scope.badModules': (p: { lines: string }) =>
    `Not a module path or path@version: ${p.lines}`,
  'restore.scope.needTarget': 'Enter the folder to restore into.',
  'restore.scope.mode': 'Mode',
  'restore.mode.quick': 'Quick',
  'restore.mode.quickHint':
    'Zips, .mod, .info and checksums only. Go extracts each module from its zip when a build first needs it, offline. The fastest way back to building.',
  'restore.mode.full': 'Full',
  'restore.mode.fullHint':
    'Also the extracted source trees, byte for byte, read-only as Go makes them. Editors and tools see the sources at once.',
  'restore.mode.toolchain': 'Through the go command',
  'restore.mode.toolchainHint':
    'ModVault serves the snapshot on 127.0.0.1 and `go mod download` fetches one project’s modules from it, checking each against go.sum. You see the go output as it runs.',
  'restore.mode.toolchainNeedsOne':
    'Restoring through the go command works on one project: choose “What projects need” with a single folder.',
  'restore.scope.target': 'Restore into',
  'restore.scope.targetLive': (p: { path: string }) => `The module cache in use (${p.path})`,
  'restore.scope.targetOther': 'Another folder',
  'restore.scope.targetPlaceholder': '/mnt/new-machine/go/pkg/mod',
  'restore.scope.repair': 'Replace damaged versions',
  'restore.scope.repairHint': 'Their old files go to the quarantine and can be put back.',
  'restore.scope.gocache': 'Also restore the build cache',
  'restore.scope.gocacheHint': 'Entries get today’s date so Go does not trim them at once.',
  'restore.scope.links': 'Write identical files once',
  'restore.scope.linksHint':
    'Files that versions of a module share become hard links (all read-only): faster and smaller.',

  'restore.preview.planning': 'Comparing the snapshot with the cache…',
  'restore.preview.title': (p: { id: string }) => `Plan for snapshot ${p.id}`,
  'restore.preview.intoLive': (p: { path: string }) => `Into the module cache in use, ${p.path}`,
  'restore.preview.into': (p: { path: string }) => `Into ${p.path}`,
  'restore.preview.notInSnapshot': (p: { n: number; list: string }) =>
    `Not in this snapshot, so not restored: ${p.list}.`,
  'restore.status.missing': 'Missing',
  'restore.status.incomplete': 'Incomplete',
  'restore.status.damaged': 'Damaged',
  'restore.status.present': 'Already there',
  'restore.statusHint.missing': 'Not in the cache at all: restored.',
  'restore.statusHint.incomplete':
    'Parts are missing (zip, checksum, tree): only those are written.',
  'restore.statusHint.damaged': 'Broken or different from the snapshot.',
  'restore.statusHint.present': 'Healthy: never touched.',
  'restore.preview.damagedLeft': 'Left alone: turn on “Replace damaged versions” to replace them.',
  'restore.preview.space': (p: { needed: number; free: number }, f: Fmt) =>
    `Needs ${f.bytes(p.needed)} on disk; ${f.bytes(p.free)} free.`,
  'restore.preview.noSpace':
    'Not enough space on that volume. Free some space, restore less (one project, quick mode) or restore into another folder.',
  'restore.preview.nothing': 'Nothing to restore: every version in scope is already there.',
  'restore.preview.unavailable': (p: N, f: Fmt) =>
    `${versions(p.n, f)} the project names ${s(p.n, 'is', 'are')} not in this snapshot; Go downloads ${s(p.n, 'it', 'them')} when needed.`,
  'restore.preview.mismatches': (p: N, f: Fmt) =>
    `${versions(p.n, f)} in the snapshot ${s(p.n, 'contradicts', 'contradict')} your go.sum (possible tampering) and will not be restored.`,
  'restore.preview.sumdb': (p: N, f: Fmt) =>
    `Plus ${f.count(p.n)} checksum-database ${s(p.n, 'file', 'files')}.`,
  'restore.preview.buildCache': (p: N, f: Fmt) =>
    `Plus ${f.count(p.n)} build-cache ${s(p.n, 'entry', 'entries')}.`,
  'restore.preview.versions': 'Versions to restore',
  'restore.preview.col.module': 'Module',
  'restore.preview.col.version': 'Version',
  'restore.preview.col.status': 'State',
  'restore.preview.col.parts': 'Writes',
  'restore.part.zip': '.zip',
  'restore.part.ziphash': '.ziphash',
  'restore.part.mod': '.mod',
  'restore.part.info': '.info',
  'restore.part.tree': 'source tree',
  'restore.preview.col.size': 'Size',
  'restore.preview.toolchain': (p: { project: string }) =>
    `go mod download will run in ${p.project} against the snapshot; its output appears here.`,
  'restore.start': 'Restore now',

  'restore.mismatch.zip': 'the restored zip differs from the snapshot’s checksum',
  'restore.mismatch.tree': 'the restored files differ from the snapshot’s checksum',
  'restore.mismatch.gosum': (p: { project: string }) =>
    `the snapshot’s checksum differs from go.sum in ${p.project}`,
  'restore.mismatch.mod': (p: { project: string }) =>
    `the snapshot’s go.mod differs from go.sum in ${p.project}`,
  'restore.mismatch.expected': 'Expected',
  'restore.mismatch.actual': 'Found',

  'restore.run.running': 'Restoring…',
  'restore.run.output': 'go command output',

  'restore.result.done': 'Restore complete',
  'restore.result.problems': 'Restore finished with problems',
  'restore.result.restored': (p: { n: number; bytes: number; d: string }, f: Fmt) =>
    `${versions(p.n, f)} restored (${f.bytes(p.bytes)}) in ${p.d}.`,
  'restore.result.skipped': (p: N, f: Fmt) => `${versions(p.n, f)} left as they were.`,
  'restore.result.repaired': (p: N, f: Fmt) =>
    `${versions(p.n, f)} replaced; the old files are in the quarantine.`,
  'restore.result.verified': (p: { n: number; of: number }, f: Fmt) =>
    `Verified ${f.count(p.n)} of ${f.count(p.of)}: read back from disk, they hash to the snapshot’s checksums.`,
  'restore.result.verifiedProjects': (p: N, f: Fmt) =>
    `They also match the go.sum of ${f.count(p.n)} ${s(p.n, 'project', 'projects')}.`,
  'restore.result.mismatches': 'Checksum mismatches (possible tampering)',
  'restore.result.mismatchesHint':
    'These versions were not trusted. Someone may have altered the backup or the project’s go.sum, or a disk damaged them. Compare with the module’s source before using it.',
  'restore.result.count.restored': 'Restored',
  'restore.result.count.verified': 'Verified',
  'restore.result.count.skipped': 'Left as they were',
  'restore.result.count.failed': 'Failed',
  'restore.result.count.mismatches': 'Mismatches',
  'restore.result.canceledTitle': 'Restore canceled',
  'restore.result.failed': 'Not restored',
  'restore.result.check': 'Double-check with Go',
  'restore.result.checkHint':
    '`go mod verify` hashes every module the project uses in the cache and compares it with go.sum.',
  'restore.result.toolchain': (p: { n: number; d: string }, f: Fmt) =>
    `go mod download fetched ${f.count(p.n)} module ${s(p.n, 'zip', 'zips')} from the snapshot in ${p.d}.`,
  'restore.result.canceled':
    'The restore was canceled. What was finished stays; nothing half-written is left for Go to trust. Run it again to finish.',

  'restore.job.plan': 'Plan a restore',
  'restore.job.run': 'Restore the module cache',
  'restore.job.toolchain': 'Restore through go mod download',
};
