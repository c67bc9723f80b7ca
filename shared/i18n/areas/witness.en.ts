// The doctor's checksum verdicts: which witness of a version's checksum disagrees, in one
// sentence. Parameters carry party codes and hashes; each language words them itself.

/** What a verdict sentence is told (strings only: they travel in FindingText.params). */
export interface VerdictParams {
  /** "path@version" or "path@version/go.mod". */
  key: string;
  truth: string;
  /** The wrong hash. */
  bad: string;
  /** Party codes agreeing with the truth, comma-separated (see witness.party.*). */
  agree: string;
  /** The wrong go.sum files, comma-separated. */
  files: string;
  db: string;
  error: string;
  /** Who says what, for an open dispute: "zip+ziphash=h1:…;gosum=h1:…". */
  groups: string;
  /** Why the database did not speak: off, private, invalid, unreachable, not-found, no-line. */
  silence: string;
  sName: string;
  sVariable: string;
  sPattern: string;
  sError: string;
  module: string;
}

const PARTY: Record<string, string> = {
  zip: 'the zip',
  ziphash: 'the .ziphash',
  tree: 'the extracted tree',
  mod: 'the cached .mod',
  'zip-gomod': 'the go.mod in the zip',
  gosum: 'go.sum',
  snapshot: 'a ModVault snapshot',
  sumdb: 'the checksum database',
};

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const parties = (codes: string) =>
  list(
    codes
      .split(',')
      .filter(Boolean)
      .map((c) => PARTY[c] ?? c),
  );

function groups(p: VerdictParams): string {
  return p.groups
    .split(';')
    .filter(Boolean)
    .map((g) => {
      // h1 values end in '=': only the first one separates the parties from the hash.
      const at = g.indexOf('=');
      const [who, h1] = [g.slice(0, at), g.slice(at + 1)];
      const names = who.split('+');
      return `${parties(names.join(','))} ${names.length > 1 ? 'say' : 'says'} ${h1}`;
    })
    .join('; ');
}

function silence(p: VerdictParams): string {
  switch (p.silence) {
    case 'off':
      return 'no checksum database is asked (GOSUMDB=off)';
    case 'private':
      return `${p.module} is private (${p.sVariable}=${p.sPattern}), so no checksum database knows it`;
    case 'invalid':
      return `GOSUMDB cannot be used (${p.sError})`;
    case 'unreachable':
      return `the checksum database ${p.sName} cannot be reached (${p.sError})`;
    case 'not-found':
      return `the checksum database ${p.sName} has no record of it`;
    default:
      return `the checksum database ${p.sName} has no such line for it`;
  }
}

export const witnessEn = {
  'error.code.CONFLICT': 'Changed meanwhile',
  'witness.title': 'Checksum verdict',
  'witness.party.zip': 'Cached zip',
  'witness.party.ziphash': '.ziphash',
  'witness.party.tree': 'Extracted tree',
  'witness.party.mod': 'Cached .mod',
  'witness.party.zip-gomod': 'go.mod in the zip',
  'witness.party.gosum': 'go.sum',
  'witness.party.snapshot': 'ModVault snapshot',
  'witness.party.sumdb': 'Checksum database',
  'witness.agrees': 'agrees',
  'witness.disagrees': 'disagrees',
  'witness.silent': 'no answer',
  'witness.none': '—',

  'witness.verdict.zip': (p: VerdictParams) =>
    `The cached zip of ${p.key} was changed: ${parties(p.agree)} agree on ${p.truth}, the zip hashes to ${p.bad}.`,
  'witness.verdict.ziphash': (p: VerdictParams) =>
    `Only the .ziphash of ${p.key} is wrong (${p.bad}): ${parties(p.agree)} agree on ${p.truth}.`,
  'witness.verdict.cache': (p: VerdictParams) =>
    `The module cache's copy of ${p.key} was replaced, zip and .ziphash alike (${p.bad}): ${parties(p.agree)} agree on ${p.truth}.`,
  'witness.verdict.mod': (p: VerdictParams) =>
    `The cached go.mod of ${p.key} was changed (${p.bad}): ${parties(p.agree)} agree on ${p.truth}.`,
  'witness.verdict.gosum': (p: VerdictParams) =>
    `The go.sum line for ${p.key} in ${p.files} is wrong (${p.bad}): ${parties(p.agree)} agree on ${p.truth}.`,
  'witness.verdict.cache-and-gosum': (p: VerdictParams) =>
    `Both the module cache's copy of ${p.key} and its go.sum line in ${p.files} are wrong (${p.bad}): ${parties(p.agree)} agree on ${p.truth}.`,
  'witness.verdict.sumdb-disagrees': (p: VerdictParams) =>
    `Warning: go.sum and the module cache agree on ${p.key} (${p.bad}), but the checksum database ${p.db} says ${p.truth} — this is not the copy everyone else gets: a poisoned proxy, or a go.sum line written by a compromised tool.`,
  'witness.verdict.sumdb-misbehaving': (p: VerdictParams) =>
    `The checksum database's answer about ${p.key} failed verification (${p.error}): a proxy or the database itself is not telling the truth, so nothing can be decided.`,
  'witness.verdict.undecided': (p: VerdictParams) =>
    `${groups(p)} for ${p.key}, and ${silence(p)}: ModVault cannot tell which one is wrong.`,

  'witness.explain.zip':
    'go mod verify reports "zip has been modified"; where the tree is missing, go build extracts it from this zip and compiles whatever it holds, without an error.',
  'witness.explain.ziphash':
    'go build and go mod download stop with "checksum mismatch … SECURITY ERROR", quoting the .ziphash as "downloaded", although the zip is intact.',
  'witness.explain.cache':
    'go build stops with "verifying … checksum mismatch … SECURITY ERROR" (go mod verify even says "all modules verified"). Deleting go.sum would make go accept the replaced copy.',
  'witness.explain.mod':
    'go stops with "verifying …/go.mod: checksum mismatch": the module graph would be computed from a changed go.mod.',
  'witness.explain.gosum':
    'go build stops with "SECURITY ERROR: This download does NOT match an earlier download recorded in go.sum" — the line was edited or written wrong; the cached copy is the one everybody gets.',
  'witness.explain.cache-and-gosum':
    'The wrong go.sum line vouches for the wrong copy in the cache: builds of that project use it without complaint, other projects fail with SECURITY ERROR.',
  'witness.explain.sumdb-disagrees':
    'go builds without complaint, because go.sum vouches for the copy; anywhere without that go.sum line, go refuses it ("SECURITY ERROR: This download does NOT match the one reported by the checksum server"). The checksum database is signed and the same for everyone.',
  'witness.explain.sumdb-misbehaving':
    'go stops with "SECURITY ERROR … go.sum database server misbehavior" or "cannot authenticate record data": the answer is not part of the signed log everyone sees.',
  'witness.explain.undecided':
    'go consults the checksum database only for lines go.sum does not have yet, so it cannot settle this either; deleting go.sum would accept whatever the cache holds.',

  'witness.fix.sumdb-disagrees':
    "Do not build or ship with this version. Find out which proxy served it (GOPROXY) and which tool wrote that go.sum line; then put the database's hash in go.sum and let go download the version again through a proxy you trust. ModVault does not repair this by itself.",
  'witness.fix.sumdb-misbehaving':
    'Check GOPROXY and GOSUMDB (a proxy may be intercepting /sumdb/ requests), then check again; keep go.sum and the cache as they are meanwhile.',
  'witness.fix.undecided':
    'Make a checksum database reachable (unset GOSUMDB=off; for a private module compare with its repository) and check again. Do not delete go.sum.',
  'witness.fix.conflicted':
    'See the checksum verdict for this version: its repair covers this too.',
  'doctor.action.fix-gosum-line':
    'Rewrite that go.sum line with the hash the witnesses agree on (the old go.sum is kept, and the repair can be undone).',
  'doctor.actionName.fix-gosum-line': 'go.sum line rewritten',
};
