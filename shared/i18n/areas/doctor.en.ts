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
    'The extracted files differ from the module\'s hash ("dir has been modified"): builds compile the changed sources without any error.',
  'doctor.explain.gosum-mismatch':
    'The cache disagrees with the checksum your project recorded in go.sum: a zip and .ziphash tampered with consistently, which go mod verify reports as "all modules verified".',
  'doctor.explain.mod-mismatch':
    "The cached go.mod differs from the project's go.sum: the module graph Go computes may be wrong, and go fails with a checksum mismatch.",
  'doctor.explain.gosum-conflict':
    'Two projects recorded different checksums for the same version; at most one of them can be right, and the other project fails with "checksum mismatch" (or was tampered with).',
  'doctor.explain.zip-unreadable':
    'The zip is truncated or damaged: Go fails with "zip: not a valid zip file" and does not heal it by itself.',
  'doctor.explain.zip-invalid': 'The zip breaks the module zip rules: Go refuses to extract it.',
  'doctor.explain.ziphash-invalid':
    'The .ziphash is not a well-formed hash: Go treats it as missing and recomputes it from the zip, so a damaged zip would be trusted.',
  'doctor.explain.ziphash-missing':
    'Go recomputes a missing .ziphash from the zip offline; nothing fails, but the zip is then trusted as it is.',
  'doctor.explain.mod-missing':
    'Without the .mod file Go needs the network to use this version, even with the tree present ("module lookup disabled by GOPROXY=off" offline).',
  'doctor.explain.mod-unreadable':
    'The .mod file cannot be read (permissions): go fails to load the module graph until it can read it or fetch it again.',
  'doctor.explain.info-invalid':
    'Go treats an unparsable .info as absent: builds work, but go list -m and go mod download fail offline, and serving the cache as a proxy breaks ("unexpected end of JSON input").',
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
    'Set the damaged files aside and download the version again through the GOPROXY chain.',
  'doctor.action.remove-leftover': 'Move the leftover to the quarantine.',
  'doctor.fix.conflict':
    'Find out which line is right (the checksum database knows: unset GOSUMDB=off and run `go mod verify` in each project), delete the wrong line from that go.sum and run `go mod tidy` there.',
  'doctor.fix.conflicted':
    'The go.sum files disagree about this version (see the gosum-conflict finding): fix the wrong go.sum first.',

  // Environment findings: the engine renders these in English for the CLI, the UI in its language.
  'doctor.env.goFound.message': (p: { version: string; binary: string }) =>
    `Go ${p.version} is installed (${p.binary}).`,
  'doctor.env.goFound.explanation':
    'ModVault asks it where the caches are and uses it to download modules again.',
  'doctor.env.goMissing.message': (p: { error: string }) =>
    `The go command was not found (${p.error}).`,
  'doctor.env.goMissing.explanation':
    "Without Go, ModVault uses Go's default cache locations and cannot download modules again; your projects cannot build either.",
  'doctor.env.goMissing.fix':
    'Install Go from https://go.dev/dl (Debian/Ubuntu: apt-get install golang-go), or set MODVAULT_GO to the go binary.',
  'doctor.env.gocacheOff.message': 'GOCACHE=off: the build cache is disabled.',
  'doctor.env.gocacheOff.explanation':
    'Since Go 1.12 the go command refuses to build modules without a build cache ("build cache is disabled by GOCACHE=off, but required").',
  'doctor.env.gocacheOff.fix':
    'Unset GOCACHE (`go env -u GOCACHE`, and remove it from your shell profile).',
  'doctor.env.gomodcacheMissing.explanation':
    'Every module will be downloaded again on the next build, which needs the network (it may have been deleted by `go clean -modcache` or a cleaner).',
  'doctor.env.gomodcacheDeleted.message': (p: { dir: string; snapshot: string; n: number }) =>
    `The module cache (GOMODCACHE) ${p.dir} was deleted; snapshot ${p.snapshot} holds ${p.n} of its versions.`,
  'doctor.env.gomodcacheDeleted.fix': (p: { snapshot: string }) =>
    `Restore it from snapshot ${p.snapshot}.`,
  'doctor.env.gomodcacheFirstRun.message': (p: { dir: string }) =>
    `No module cache yet: Go creates ${p.dir} when it first downloads a module.`,
  'doctor.env.gomodcacheFirstRun.explanation':
    'Nothing is wrong: Go has not downloaded any module on this machine yet. The first build or go mod download fills the cache; back it up once it holds your modules.',
  'doctor.env.gocacheMissing.message': (p: { dir: string }) =>
    `The build cache (GOCACHE) ${p.dir} does not exist.`,
  'doctor.env.gocacheMissing.explanation':
    'Go creates it on the next build; the first builds will be slower.',
  'doctor.env.gomodcacheFile.message': (p: { dir: string }) =>
    `The module cache (GOMODCACHE) ${p.dir} is a file, not a folder.`,
  'doctor.env.gocacheFile.message': (p: { dir: string }) =>
    `The build cache (GOCACHE) ${p.dir} is a file, not a folder.`,
  'doctor.env.cacheFile.explanation': 'The go command fails on every download or build.',
  'doctor.env.cacheFile.fix': (p: { name: string }) =>
    `Move that file away, or point ${p.name} at a folder.`,
  'doctor.env.gomodcacheOwner.message': (p: { dir: string; uid: number }) =>
    `The module cache (GOMODCACHE) ${p.dir} belongs to another user (uid ${p.uid}).`,
  'doctor.env.gocacheOwner.message': (p: { dir: string; uid: number }) =>
    `The build cache (GOCACHE) ${p.dir} belongs to another user (uid ${p.uid}).`,
  'doctor.env.cacheOwner.explanation':
    'Usually left by running go with sudo: removing or repairing entries fails with "Permission denied".',
  'doctor.env.cacheOwner.fix': (p: { dir: string }) =>
    `Give it back to your user: sudo chown -R $(id -u):$(id -g) ${p.dir}`,
  'doctor.env.gomodcacheWritable.message': (p: { dir: string }) =>
    `The module cache (GOMODCACHE) ${p.dir} is not writable.`,
  'doctor.env.gocacheWritable.message': (p: { dir: string }) =>
    `The build cache (GOCACHE) ${p.dir} is not writable.`,
  'doctor.env.cacheWritable.explanation':
    'Go cannot download, extract or record anything, so builds needing something new fail.',
  'doctor.env.cacheWritable.fix': (p: { dir: string }) =>
    `Make it writable for your user (chmod u+w ${p.dir}, or fix its owner).`,
  'doctor.env.freeSpace.message': (p: { free: number; total: number; dir: string }, f: Fmt) =>
    `${f.bytes(p.free)} free of ${f.bytes(p.total)} on the volume holding ${p.dir}.`,
  'doctor.env.freeSpace.explanation': 'Enough room for downloads and builds.',
  'doctor.env.freeSpaceLow.explanation':
    'Downloads and builds fail half-way when the disk fills up, leaving partial files behind.',
  'doctor.env.freeSpaceLow.fix':
    'Free space, e.g. `modvault clean unused` and `modvault clean gocache`.',
  'doctor.env.goflagsNonFlag.message': (p: { raw: string }) =>
    `GOFLAGS holds "${p.raw}", which is not a flag.`,
  'doctor.env.goflagsNonFlag.explanation':
    'Every go command stops with "go: parsing $GOFLAGS: non-flag".',
  'doctor.env.goflagsNonFlag.fix':
    'Fix GOFLAGS (`go env -w GOFLAGS=...`): space-separated -flag or -flag=value entries.',
  'doctor.env.goflagsModcacherw.message':
    'GOFLAGS has -modcacherw: extracted module folders stay writable.',
  'doctor.env.goflagsModcacherw.explanation':
    'Cleaning is simpler, but an editor or tool can change module sources unnoticed (modvault verify --deep finds it).',
  'doctor.env.goflagsMod.message': (p: { value: string }) => `GOFLAGS has -mod=${p.value}.`,
  'doctor.env.goflagsModVendor.explanation':
    'Builds use vendor/ folders instead of the module cache.',
  'doctor.env.goflagsModMod.explanation':
    'The go command may update go.mod and go.sum as it builds.',
  'doctor.env.goflagsModReadonly.explanation': 'go.mod is never updated automatically.',
  'doctor.env.goflagsInsecure.message':
    'GOFLAGS has -insecure, which the go command no longer accepts.',
  'doctor.env.goflagsInsecure.explanation':
    'Every command fails; private insecure hosts are configured with GOINSECURE instead.',
  'doctor.env.goflagsInsecure.fix':
    'Remove -insecure from GOFLAGS and use GOINSECURE=host for the hosts concerned.',
  'doctor.env.goproxyOff.message': 'GOPROXY=off: module downloads are disabled.',
  'doctor.env.goproxyOff.explanation':
    'Builds work from the module cache only ("module lookup disabled by GOPROXY=off" otherwise); ModVault cannot download damaged versions again.',
  'doctor.env.goproxyDir.message': (p: { dir: string }) =>
    `GOPROXY serves modules from the folder ${p.dir}.`,
  'doctor.env.goproxyDir.explanation': 'Downloads come from local files, no network needed.',
  'doctor.env.goproxyDirMissing.message': (p: { dir: string }) =>
    `GOPROXY names the folder ${p.dir}, which does not exist.`,
  'doctor.env.goproxyDirMissing.explanation':
    'Downloads through this entry fail (the next entry is tried only after a 404/410).',
  'doctor.env.goproxyDirMissing.fix': 'Fix or remove that entry of GOPROXY.',
  'doctor.env.goproxyUp.message': (p: { entry: string }) => `The module proxy ${p.entry} answers.`,
  'doctor.env.goproxyUp.explanation': 'Missing or damaged versions can be downloaded again.',
  'doctor.env.goproxyDown.message': (p: { entry: string; error: string }) =>
    `The module proxy ${p.entry} cannot be reached now (${p.error}).`,
  'doctor.env.goproxyDown.explanation':
    'Offline is fine: builds work from the module cache; downloads wait until the network is back.',
  'doctor.env.gosumdbOff.message':
    'GOSUMDB=off: downloads are not checked against the checksum database.',
  'doctor.env.gosumdbOff.explanation':
    'A module tampered with before it reached you goes unnoticed unless a go.sum already has its hash.',
  'doctor.env.gosumdbOff.fix':
    'Unset GOSUMDB (`go env -u GOSUMDB`); list private modules in GOPRIVATE instead.',
  'doctor.env.privateUrl.message': (p: { name: string; pattern: string }) =>
    `${p.name} entry "${p.pattern}" is a URL; these are module path globs such as example.com/private.`,
  'doctor.env.privateAll.message': (p: { name: string; pattern: string }) =>
    `${p.name} entry "${p.pattern}" matches every module.`,
  'doctor.env.privateSlash.message': (p: { name: string; pattern: string }) =>
    `${p.name} entry "${p.pattern}" ends with "/", so it matches nothing.`,
  'doctor.env.privateNoProxy.explanation': 'Modules it matches are fetched directly or not at all.',
  'doctor.env.privateNoSumdb.explanation':
    'Modules it matches skip checksum verification — or, for a pattern matching nothing, private modules are still sent to the public checksum database.',
  'doctor.env.private.fix': (p: { name: string }) =>
    `Use comma-separated module path globs in ${p.name}, e.g. ${p.name}=github.com/mycorp/*`,

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
