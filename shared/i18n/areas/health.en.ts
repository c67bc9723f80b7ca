import type { Fmt } from '../fmt';

// The module cache's health (one truth for the dashboard, sidebar, Modules, Doctor and the
// tray), the next step every problem banner offers, the first run and the demo cache.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);

type N = { n: number };

export const healthEn = {
  // Health states (dashboard headline, sidebar).
  'health.unchecked': 'Not checked yet',
  'health.uncheckedBody': 'The scan found nothing wrong. Verify to know the files are intact.',
  'health.healthy': 'Healthy',
  'health.problems': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'version needs', 'versions need')} a repair`,
  'health.environmentProblems': 'The Go setup needs attention',
  'health.firstRun': 'No module cache yet',
  'health.firstRunBody': (p: { path: string }) =>
    `Nothing is wrong: Go creates ${p.path} the first time it downloads a module (a build, or go mod download). Back it up once it holds your modules.`,
  'health.gone': 'The module cache was deleted',
  'health.goneBody': (p: { path: string; id: string; n: number }, f: Fmt) =>
    `${p.path} is gone. Snapshot ${p.id} holds ${f.count(p.n)} of its ${s(p.n, 'version', 'versions')}: restore it and Go builds offline again.`,
  'health.goneNoSnapshot': 'The module cache was mostly deleted.',
  'health.checkedByVerify': (p: { when: string }) => `Verified ${p.when}`,
  'health.checkedByDoctor': (p: { when: string }) => `Checked by the Doctor ${p.when}`,
  'health.scanned': (p: { when: string }) => `Scanned ${p.when}`,
  'health.clean': (p: N, f: Fmt) => `All ${f.count(p.n)} versions match their checksums.`,
  'health.openDoctor': 'Repair in the Doctor',
  'health.restore': 'Restore…',
  'health.showProblems': 'Show the damaged versions',
  'health.sidebar.unchecked': 'Not checked yet',
  'health.sidebar.firstRun': 'No module cache yet',

  // The demo cache.
  'job.title.demo.create': 'Create the demo cache',
  'job.title.demo.remove': 'Remove the demo cache',
  'demo.try': 'Try ModVault on a demo cache',
  'demo.tryHint':
    'A small real module cache, built from modules bundled with ModVault, in its own folder: back it up, break it, repair and restore it. Your real cache is never touched.',
  'demo.banner': (p: { path: string }) =>
    `Demo cache in use (${p.path}): everything you see and do here is about the demo, not your real module cache.`,
  'demo.remove': 'Remove the demo',
  'demo.failed': 'The demo cache could not be created.',

  // Restore previews: which number is what.
  'restore.preview.tileDetail': (p: { bytes: number }, f: Fmt) =>
    `${f.bytes(p.bytes)} of module files`,
  'restore.preview.tileHint':
    'The unpacked size of these versions’ files. What the restore writes (compressed zips, and the trees in full mode) is below.',
  'restore.preview.writesQuick': (p: { n: number; bytes: number }, f: Fmt) =>
    `Writes ${f.count(p.n)} ${s(p.n, 'version', 'versions')} to disk: ${f.bytes(p.bytes)} of zips, with their small .mod and .info files (Go unpacks a zip when a build needs it).`,
  'restore.preview.writesFull': (p: { n: number; bytes: number }, f: Fmt) =>
    `Writes ${f.count(p.n)} ${s(p.n, 'version', 'versions')} to disk: ${f.bytes(p.bytes)} of zips and unpacked trees.`,

  // What a problem banner offers next.
  'banner.next.doctor': 'Repair in the Doctor',
  'banner.next.restore': 'Restore…',
  'banner.next.activity': 'See what happened',
  'banner.next.store': 'Repair the backup store',

  // Back up now while there is nothing to back up.
  'backup.disabled.gone':
    'The module cache was deleted: there is nothing to back up. Restore it first.',
  'backup.disabled.firstRun':
    'There is no module cache yet: nothing to back up until Go downloads a module.',

  // Modules page: a version's problem, whoever found it.
  'modules.problem.bySource.scan': 'found by the scan',
  'modules.problem.bySource.verify': 'found by verification',
  'modules.problem.bySource.doctor': 'found by the Doctor',

  'reason.environment': (p: { errors: number; warnings: number }, f: Fmt) =>
    p.errors
      ? `The doctor found ${f.count(p.errors)} ${s(p.errors, 'problem', 'problems')} with the Go setup.`
      : `The doctor found ${f.count(p.warnings)} ${s(p.warnings, 'warning', 'warnings')} about the Go setup.`,
  'reason.store-damaged': (p: { path: string }) =>
    `The backup store is damaged (${p.path}): backups and restores wait until it is repaired.`,
  'reason.store-blobs-damaged': (p: { n: number; snapshots: number }, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'piece', 'pieces')} of backed-up data ${p.n === 1 ? 'is' : 'are'} missing or damaged: ${f.count(p.snapshots)} ${s(p.snapshots, 'snapshot', 'snapshots')} cannot be restored completely. The next backup stores again what the cache still has.`,
};
