// The app's frame: the collapsible sidebar, toasts, the Activity page's grouping and filters,
// and the one-line result of every kind of job.
import type { Fmt } from '../fmt';

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);
type N = { n: number };
type Bytes = { bytes: number };

export const shellEn = {
  'nav.collapse': 'Collapse sidebar',
  'nav.expand': 'Expand sidebar',
  // Cleanup's preview: a version's date is when it was downloaded, not when it was last used.
  'cleanup.col.downloaded': 'Downloaded',
  // Where a snapshot was taken: this computer, or another one sharing the store.
  'host.this': 'This computer',
  'host.other': (p: { host: string }) => `Another computer (${p.host})`,

  // The Activity page: jobs by kind, the app's own background work folded away.
  'activity.filter': 'Show jobs',
  'activity.kind.all': 'Everything you did',
  'activity.kind.backup': 'Backups',
  'activity.kind.restore': 'Restores',
  'activity.kind.cleanup': 'Cleanups',
  'activity.kind.check': 'Checks',
  'activity.kind.background': 'Background',
  'activity.folded': (p: N, f: Fmt) =>
    `${f.count(p.n)} background ${s(p.n, 'job', 'jobs')} (rescans, measurements, previews)`,
  'activity.foldedHint': 'Show them',
  'activity.noneOfKind': 'No jobs of this kind since ModVault started.',
  'activity.result': 'Result',

  // What each kind of job did (shared/i18n/job-summary.ts picks the message).
  'job.summary.scan': (p: { versions: number } & Bytes, f: Fmt) =>
    `${f.count(p.versions)} ${s(p.versions, 'version', 'versions')} · ${f.bytes(p.bytes)}`,
  'job.summary.scanMissing': 'No module cache',
  'job.summary.verify': (p: N & { problems: number }, f: Fmt) =>
    `${f.count(p.n)} checked · ${
      p.problems ? `${f.count(p.problems)} ${s(p.problems, 'problem', 'problems')}` : 'all good'
    }`,
  'job.summary.projects': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'project', 'projects')} found`,
  'job.summary.gocache': (p: N & Bytes, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'entry', 'entries')} · ${f.bytes(p.bytes)}`,
  'job.summary.gocacheMissing': 'No build cache',
  'job.summary.snapshot': (p: { versions: number; fresh: number } & Bytes, f: Fmt) =>
    `${f.count(p.versions)} ${s(p.versions, 'version', 'versions')} · ${f.count(p.fresh)} new · ${f.bytes(p.bytes)} added`,
  'job.summary.forgetPreview': (p: { keep: number; remove: number }, f: Fmt) =>
    `Would keep ${f.count(p.keep)}, forget ${f.count(p.remove)}`,
  'job.summary.forget': (p: { keep: number; remove: number }, f: Fmt) =>
    `Forgot ${f.count(p.remove)} ${s(p.remove, 'snapshot', 'snapshots')}, kept ${f.count(p.keep)}`,
  'job.summary.prunePreview': (p: Bytes, f: Fmt) => `Would free ${f.bytes(p.bytes)}`,
  'job.summary.prune': (p: Bytes, f: Fmt) => `Freed ${f.bytes(p.bytes)}`,
  'job.summary.check': (p: { snapshots: number; problems: number }, f: Fmt) =>
    `${f.count(p.snapshots)} ${s(p.snapshots, 'snapshot', 'snapshots')} · ${
      p.problems ? `${f.count(p.problems)} ${s(p.problems, 'problem', 'problems')}` : 'no problems'
    }`,
  'job.summary.diff': (p: { added: number; removed: number; changed: number }, f: Fmt) =>
    `${f.count(p.added)} added · ${f.count(p.removed)} removed · ${f.count(p.changed)} changed`,
  'job.summary.export': (p: { versions: number } & Bytes, f: Fmt) =>
    `${f.count(p.versions)} ${s(p.versions, 'version', 'versions')} · ${f.bytes(p.bytes)}`,
  'job.summary.import': (p: { versions: number }, f: Fmt) =>
    `${f.count(p.versions)} ${s(p.versions, 'version', 'versions')} imported`,
  'job.summary.cleanPlan': (p: N & Bytes, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'item', 'items')} · ${f.bytes(p.bytes)} to free`,
  'job.summary.cleanMoved': (p: N & Bytes & { failed: number }, f: Fmt) =>
    `Moved ${f.count(p.n)} ${s(p.n, 'item', 'items')} to the quarantine (${f.bytes(p.bytes)})${
      p.failed ? ` · ${f.count(p.failed)} failed` : ''
    }`,
  'job.summary.cleanDeleted': (p: N & Bytes & { failed: number }, f: Fmt) =>
    `Deleted ${f.count(p.n)} ${s(p.n, 'item', 'items')} · ${f.bytes(p.bytes)} freed${
      p.failed ? ` · ${f.count(p.failed)} failed` : ''
    }`,
  'job.summary.undo': (p: N & { conflicts: number }, f: Fmt) =>
    `Put back ${f.count(p.n)} ${s(p.n, 'item', 'items')}${
      p.conflicts ? ` · ${f.count(p.conflicts)} left where they were` : ''
    }`,
  'job.summary.purge': (p: Bytes, f: Fmt) => `Freed ${f.bytes(p.bytes)}`,
  'job.summary.doctor': (p: { errors: number; warnings: number }, f: Fmt) =>
    p.errors + p.warnings === 0
      ? 'No problems found'
      : [
          p.errors ? `${f.count(p.errors)} ${s(p.errors, 'error', 'errors')}` : '',
          p.warnings ? `${f.count(p.warnings)} ${s(p.warnings, 'warning', 'warnings')}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
  'job.summary.doctorFixed': (p: { fixed: number; left: number }, f: Fmt) =>
    `${f.count(p.fixed)} repaired · ${f.count(p.left)} left`,
  'job.summary.restorePlan': (p: N & Bytes, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'version', 'versions')} to restore · ${f.bytes(p.bytes)} to write`,
  'job.summary.restore': (p: N & Bytes, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'version', 'versions')} restored · ${f.bytes(p.bytes)} written`,
  'job.summary.toolchain': (p: { served: number; exitCode: number }, f: Fmt) =>
    `${f.count(p.served)} served · go exited with ${p.exitCode}`,
  'job.summary.repairRebuilt': (p: { snapshots: number; damaged: number }, f: Fmt) =>
    `Index rebuilt · ${f.count(p.snapshots)} ${s(p.snapshots, 'snapshot', 'snapshots')}${
      p.damaged ? ` · ${f.count(p.damaged)} damaged ${s(p.damaged, 'blob', 'blobs')}` : ''
    }`,
  'job.summary.repairChecked': (p: { snapshots: number; damaged: number }, f: Fmt) =>
    `Index intact · ${f.count(p.snapshots)} ${s(p.snapshots, 'snapshot', 'snapshots')}${
      p.damaged ? ` · ${f.count(p.damaged)} damaged ${s(p.damaged, 'blob', 'blobs')}` : ''
    }`,
  'job.summary.remoteSnapshots': (p: N, f: Fmt) =>
    `${f.count(p.n)} ${s(p.n, 'snapshot', 'snapshots')} on the remote`,
  'job.summary.remoteEmpty': 'Nothing pushed to this remote yet',
  'job.summary.push': (p: N & Bytes, f: Fmt) =>
    `Pushed ${f.count(p.n)} ${s(p.n, 'snapshot', 'snapshots')} · ${f.bytes(p.bytes)} uploaded`,
  'job.summary.publish': (p: { versions: number } & Bytes, f: Fmt) =>
    `Published ${f.count(p.versions)} ${s(p.versions, 'version', 'versions')} · ${f.bytes(p.bytes)} uploaded`,
  'job.summary.demo': (p: { versions: number }, f: Fmt) =>
    `Demo cache of ${f.count(p.versions)} ${s(p.versions, 'version', 'versions')} ready`,
  'job.summary.demoRemoved': 'Demo cache removed',
  'job.summary.demoNone': 'There was no demo cache',

  'toast.repeated': (p: { n: number }) => `This happened ${p.n} times`,

  // Why a control cannot be used right now (beside it, and in its tooltip).
  'why.doctorRunning': 'Wait until the check finishes',
  'why.nothingToFix': 'Nothing found can be repaired automatically',
  'why.retentionNoRules': 'Set how many snapshots to keep first',
  'why.retentionNothing': 'These rules keep every snapshot',
  'why.retentionPreviewing': 'Working out what the rules keep…',
  'why.backupRunning': 'A backup is running',
  'why.deleteLatest': 'Tick the box above to delete the newest snapshot',
  'why.exportNoDestination': 'Enter where to export to',
  'why.compareNoPick': 'Choose a snapshot to compare',
  'why.compareSame': 'Choose two different snapshots',
  'why.typePath': 'Type a folder path first',
  'why.samePath': 'This is the folder already in use',
  'why.needsRoots': 'Add a project folder in Settings first',
  'why.nothingExpired': 'Nothing in the quarantine has expired yet',
  'why.purgeBusy': 'Wait until the quarantine action finishes',
  'why.confirmDelete': 'Tick the box above to confirm',
  'why.noTargets': 'Choose at least one thing to clean up',
  'why.planning': 'Working out the preview…',
  'why.nothingSelected': 'Select at least one item',
  'why.blocked': 'Resolve what the preview says stops the cleanup first',
  'why.timingInvalid': 'Fix the timing first',
  'why.noDays': 'Choose at least one day',
  'why.scheduleRunning': 'It is running now',
  'why.scheduleOff': 'Turn the schedule on first',
  'why.toolchainNeedsOne': 'Choose “What projects need” with exactly one project folder',
  'why.toolchainLocalOnly':
    'Only a snapshot on this computer can be restored through the go command',
  'why.noCache': 'There is no module cache to check',
  'why.verifying': 'Verification is running',
  'why.nothingToRestore': 'Nothing is missing or damaged: the cache already has it all',
  'why.noSpace': 'Not enough free space for the restore',
  'why.noPlan': 'The preview is not ready yet',
  'why.noSnapshot': 'Choose a snapshot first',
};
