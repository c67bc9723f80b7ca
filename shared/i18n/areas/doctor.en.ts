import type { Fmt } from '../fmt';

// The Doctor page: check names, why cache problems matter, what each repair does.

const s = (n: number, one: string, other: string) => (n === 1 ? one : other);
type N = { n: number };

export const doctorEn = {
  'nav.doctor': 'Doctor',

  'doctor.title': 'Doctor',
  'doctor.subtitle': 'Finds what would break your builds, explains it, and repairs it',
  'doctor.deep': 'Deep check (hash extracted files)',
  'doctor.recheck': 'Check again',
  'doctor.fixAll': (p: N, f: Fmt) => `Fix all (${f.count(p.n)})`,
  'doctor.fixGroup': (p: N, f: Fmt) => `Fix these (${f.count(p.n)})`,
  'doctor.fix': 'Fix',
  'doctor.checking': 'Checking the Go environment and the module cache…',
  'doctor.count.error': (p: N) => s(p.n, 'error', 'errors'),
  'doctor.count.warning': (p: N) => s(p.n, 'warning', 'warnings'),
  'doctor.count.info': (p: N) => s(p.n, 'note', 'notes'),
  'doctor.meta': (p: { n: number; d: string }, f: Fmt) =>
    `go.sum of ${f.count(p.n)} ${s(p.n, 'project', 'projects')} compared · took ${p.d}`,
  'doctor.metaNoProjects': (p: { d: string }) => `No project's go.sum compared · took ${p.d}.`,
  'doctor.addProjects': 'Add project folders',
  'doctor.healthy': 'Nothing needs fixing',
  'doctor.healthyBody':
    'The toolchain, the caches and every module version are in order. The notes below are for your information.',
  'doctor.group.error': (p: N, f: Fmt) => `${s(p.n, 'Error', 'Errors')} (${f.count(p.n)})`,
  'doctor.group.warning': (p: N, f: Fmt) => `${s(p.n, 'Warning', 'Warnings')} (${f.count(p.n)})`,
  'doctor.group.info': (p: N, f: Fmt) => `${s(p.n, 'Note', 'Notes')} (${f.count(p.n)})`,
  'doctor.area.environment': 'Environment',
  'doctor.area.cache': 'Module cache',
  'doctor.area.projects': 'Projects',

  'doctor.check.go': 'Go toolchain',
  'doctor.check.gocache-off': 'Build cache turned off',
  'doctor.check.gomodcache': 'Module cache folder',
  'doctor.check.gocache': 'Build cache folder',
  'doctor.check.owner': 'Cache owned by another user',
  'doctor.check.writable': 'Cache not writable',
  'doctor.check.free-space': 'Free disk space',
  'doctor.check.goflags': 'Go flags (GOFLAGS)',
  'doctor.check.goproxy': 'Module proxy (GOPROXY)',
  'doctor.check.gosumdb': 'Checksum database (GOSUMDB)',
  'doctor.check.private-patterns': 'Private module patterns',

  'doctor.explain.zip-mismatch':
    'The zip no longer matches its .ziphash ("zip has been modified" in go mod verify). If the tree is missing, Go extracts it from this zip and builds with whatever it holds.',
  'doctor.explain.tree-mismatch':
    'The extracted files differ from the module’s hash ("dir has been modified"): builds compile the changed sources without any error.',
  'doctor.explain.gosum-mismatch':
    'The cache disagrees with the checksum your project recorded in go.sum: a zip and .ziphash tampered with consistently, which go mod verify reports as "all modules verified".',
  'doctor.explain.mod-mismatch':
    'The cached go.mod differs from the project’s go.sum: the module graph Go computes may be wrong, and go fails with a checksum mismatch.',
  'doctor.explain.gosum-conflict':
    'Two projects recorded different checksums for the same version; at most one can be right, and the other project fails with "checksum mismatch" (or was tampered with).',
  'doctor.explain.zip-unreadable':
    'The zip is truncated or damaged: Go fails with "zip: not a valid zip file" and does not heal it by itself.',
  'doctor.explain.zip-invalid': 'The zip breaks the module zip rules: Go refuses to extract it.',
  'doctor.explain.ziphash-invalid':
    'The .ziphash is not a well-formed hash: Go treats it as missing and recomputes it from the zip, so a damaged zip would be trusted.',
  'doctor.explain.ziphash-missing':
    'Go recomputes a missing .ziphash from the zip offline; nothing fails, but the zip is then trusted as it is.',
  'doctor.explain.mod-missing':
    'Without the .mod file Go needs the network to use this version, even with the tree present.',
  'doctor.explain.mod-unreadable':
    'The .mod file cannot be read (permissions): go fails to load the module graph until it can read it or fetch it again.',
  'doctor.explain.info-invalid':
    'Go treats an unparsable .info as absent: builds work, but go list -m and go mod download fail offline, and serving the cache as a proxy breaks.',
  'doctor.explain.tree-only':
    'The zip and .ziphash are gone: Go does not consider the version complete and needs the network to use it.',
  'doctor.explain.partial':
    'An extraction was interrupted (.partial marker): Go removes the tree and extracts it again from the zip on next use.',
  'doctor.explain.tree-unreadable':
    'Files of the extracted tree cannot be read: builds using it fail.',
  'doctor.explain.leftover':
    'Temporary files of an interrupted go command: harmless, but they take space and Go never removes some of them.',

  'doctor.action.reextract-tree': 'Extract the tree again from its verified zip.',
  'doctor.action.rebuild-ziphash': 'Write the .ziphash again from the verified zip.',
  'doctor.action.rebuild-mod': 'Write the .mod again from the go.mod inside the verified zip.',
  'doctor.action.restore-from-snapshot':
    'Restore the version from the latest ModVault snapshot holding it.',
  'doctor.action.redownload':
    'Set the damaged files aside and download the version again through your GOPROXY.',
  'doctor.action.remove-leftover': 'Move the leftover to the quarantine.',
  'doctor.actionName.reextract-tree': 'Extracted again',
  'doctor.actionName.rebuild-ziphash': '.ziphash rewritten',
  'doctor.actionName.rebuild-mod': '.mod rewritten',
  'doctor.actionName.restore-from-snapshot': 'Restored from a snapshot',
  'doctor.actionName.redownload': 'Downloaded again',
  'doctor.actionName.remove-leftover': 'Leftover set aside',

  'doctor.repairsTitle': 'Repairs',
  'doctor.repairsSummary': (p: { n: number; total: number }, f: Fmt) =>
    `${f.count(p.n)} of ${f.count(p.total)} confirmed by checking again`,
  'doctor.verified': 'Verified',
  'doctor.notVerified': 'Not verified',
  'doctor.failed': 'Failed',
  'doctor.setAside': 'What it replaced is in the quarantine.',
  'doctor.undoInCleanup': 'Undo it on the Cleanup page',

  'job.title.doctor.fix': 'Doctor: repair',
  'job.title.doctor.run': 'Doctor: check',
};
