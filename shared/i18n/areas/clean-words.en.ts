import type { Fmt } from '../fmt';

// What the cleanup engine says (why an item goes, notes about a plan) and where a quarantine
// came from, as catalog keys: the CLI prints the English, the UI its own language.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);

export const cleanWordsEn = {
  'cleanup.reason.unused': (p: { n: number }, f: Fmt) =>
    `not used by the ${f.count(p.n)} ${s(p.n, 'project', 'projects')} scanned`,
  'cleanup.reason.unusedOlder': (p: { n: number; age: number }, f: Fmt) =>
    `not used by the ${f.count(p.n)} ${s(p.n, 'project', 'projects')} scanned, downloaded more than ${f.duration(p.age)} ago`,
  'cleanup.reason.modcache': 'the whole module cache (like go clean -modcache)',
  'cleanup.reason.gocacheAll': 'every build-cache entry (like go clean -cache)',
  'cleanup.reason.testcache': 'expire every cached test result (like go clean -testcache)',
  'cleanup.reason.fuzzcache': 'fuzzing corpora (like go clean -fuzzcache)',
  'cleanup.reason.gocacheOlder': (p: { age: number }, f: Fmt) =>
    `unused for more than ${f.duration(p.age)}`,
  'cleanup.reason.gocacheSize': (p: { max: number }, f: Fmt) =>
    `least recently used while the cache exceeds ${f.bytes(p.max)}`,
  'cleanup.reason.partial':
    'half-extracted tree (.partial left by an interrupted go command); Go re-extracts it from the zip',
  'cleanup.reason.leftover.tmp-file': 'temporary file left by an interrupted download',
  'cleanup.reason.leftover.tmp-dir': 'temporary folder left by an interrupted extraction',
  'cleanup.reason.leftover.partial-file': '.partial marker left by an interrupted extraction',
  'cleanup.reason.leftover.orphan-dir': 'folder whose name is not a module version Go can use',

  'cleanup.note.gocacheOff': 'GOCACHE is off: there is no build cache to clean.',
  'cleanup.note.testWithCache':
    'Test results go with the build cache entries; testexpire.txt is left alone.',
  'cleanup.note.noGo':
    'Go was not found, so ModVault deleted the caches itself (as go clean would).',
  'cleanup.note.deselected': (p: { n: number }, f: Fmt) =>
    `${f.count(p.n)} selected ${s(p.n, 'item is', 'items are')} no longer in the plan and ${s(p.n, 'was', 'were')} left alone.`,
  'cleanup.note.skipped': (p: { path: string; reason: string }) =>
    `Skipped ${p.path}: ${p.reason}.`,
  'cleanup.note.noGoSum': (p: { dir: string }) =>
    `${p.dir} has no go.sum: only the versions its go.mod names count as in use (run \`go mod tidy\` there first).`,
  'cleanup.note.malformed': (p: { file: string; n: number }, f: Fmt) =>
    `${p.file}: ${f.count(p.n)} ${s(p.n, 'line', 'lines')} could not be read.`,
  'cleanup.note.unreadable': (p: { file: string; error: string }) =>
    `${p.file} could not be read (${p.error}).`,

  'quarantine.origin.doctor': 'Doctor repair',
  'quarantine.origin.restore': 'Restore (damaged copies replaced)',
  'quarantine.origin.clean': (p: { kind: string }) => `Cleanup: ${p.kind}`,

  'cleanup.result.freedLater': (p: { size: number; when: number }, f: Fmt) =>
    `${f.bytes(p.size)} moved to the quarantine: the space is freed when it is purged, on ${f.date(p.when)} (or now, with Purge now).`,
  'cleanup.result.purgeNow': 'Purge now',
  'cleanup.result.purgedNow': (p: { size: number }, f: Fmt) =>
    `Purged: ${f.bytes(p.size)} freed. This cleanup can no longer be undone.`,
  'cleanup.result.deletedFreed': (p: { size: number }, f: Fmt) => `${f.bytes(p.size)} freed.`,
};
