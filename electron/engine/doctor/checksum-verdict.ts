import type {
  ChecksumCulprit,
  ChecksumParty,
  ChecksumVerdict,
  ChecksumWitness,
  SumdbSilence,
} from '../../../shared/dto/doctor';

// Who is wrong when checksums disagree. The witnesses of a version's zip are the zip itself, its
// .ziphash (and the extracted tree, when hashed), every project's go.sum line and — the third,
// independent witness — the checksum database; of its go.mod, the cached .mod, the go.mod inside
// the zip, the go.sum /go.mod lines and the database. The database, whose answer is signed and
// logged for everyone, settles every dispute; without it only a disagreement inside the cache
// can be settled (by go.sum or a snapshot), never the cache against go.sum.

/** What the checksum database said, or why it said nothing. */
export type DbWitness =
  | { kind: 'found'; name: string; via: string; h1: string | null; modH1: string | null }
  | { kind: 'silent'; why: SumdbSilence };

export interface ZipEvidence {
  zip: string | null;
  ziphash: string | null;
  tree: string | null;
  /** Each project's go.sum h1 for the version (files without a line left out). */
  sums: { file: string; h1: string }[];
  /** The h1 of the newest snapshot holding the version with go.sum's hash, when one does. */
  snapshotWithSum: string | null;
}

export interface ModEvidence {
  mod: string | null;
  zipGoMod: string | null;
  sums: { file: string; h1: string }[];
}

const distinct = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];

function witness(
  party: ChecksumParty,
  h1: string | null,
  truth: string | null,
  source?: string,
): ChecksumWitness {
  return { party, h1, agrees: truth && h1 ? h1 === truth : null, ...(source ? { source } : {}) };
}

function dbParts(db: DbWitness, subject: 'zip' | 'go.mod') {
  if (db.kind === 'silent') return { h1: null, name: null, silence: db.why };
  const h1 = subject === 'zip' ? db.h1 : db.modH1;
  return h1
    ? { h1, name: db.name, silence: null }
    : { h1: null, name: db.name, silence: { reason: 'no-line' as const, name: db.name } };
}

/**
 * The verdict on a version's zip hash, or null when every witness agrees. `culprit` names the one
 * that disagrees; the repair follows from it (see CacheChecks).
 */
export function decideZip(e: ZipEvidence, db: DbWitness): ChecksumVerdict | null {
  const d = dbParts(db, 'zip');
  const cacheValues = distinct([e.zip, e.ziphash, e.tree]);
  const sumValues = distinct(e.sums.map((s) => s.h1));
  const all = distinct([...cacheValues, ...sumValues, d.h1]);
  if (db.kind === 'silent' && db.why.reason === 'misbehaving')
    return verdict('zip', 'sumdb-misbehaving', null, e, d);
  if (all.length <= 1) return null;

  let truth: string | null = d.h1;
  if (!truth) {
    // Without the database: go.sum (or a snapshot agreeing with it) settles a disagreement
    // inside the cache; the cache against go.sum stays open.
    const supported = cacheValues.filter((v) => sumValues.includes(v));
    if (cacheValues.length > 1 && supported.length === 1 && sumValues.length === 1)
      truth = supported[0]!;
    else if (
      cacheValues.length === 1 &&
      sumValues.length === 1 &&
      e.snapshotWithSum === sumValues[0]
    )
      truth = sumValues[0]!;
    else if (cacheValues.length > 1 && sumValues.length === 0) {
      // Two copies of the cache that agree outvote the third (the zip, .ziphash, tree).
      const two = cacheValues.find(
        (v) => [e.zip, e.ziphash, e.tree].filter((x) => x === v).length >= 2,
      );
      truth = two ?? null;
    }
  }
  if (!truth) return verdict('zip', 'undecided', null, e, d);

  const zipWrong = !!e.zip && e.zip !== truth;
  const hashWrong = !!e.ziphash && e.ziphash !== truth;
  const sumsWrong = e.sums.filter((s) => s.h1 !== truth);
  // A changed tree alone is the tree-mismatch finding's (extracted again from the zip).
  const cacheWrong = zipWrong || hashWrong;
  let culprit: ChecksumCulprit;
  if (cacheWrong && sumsWrong.length > 0 && sumsWrong.length === e.sums.length && d.h1)
    culprit = 'sumdb-disagrees';
  else if (cacheWrong && sumsWrong.length > 0) culprit = 'cache-and-gosum';
  else if (sumsWrong.length > 0) culprit = 'gosum';
  else if (zipWrong && hashWrong) culprit = 'cache';
  else if (zipWrong) culprit = 'zip';
  else if (hashWrong) culprit = 'ziphash';
  else return null;
  return verdict('zip', culprit, truth, e, d);
}

/** The verdict on a version's go.mod hash, or null when every witness agrees. */
export function decideMod(e: ModEvidence, db: DbWitness): ChecksumVerdict | null {
  const d = dbParts(db, 'go.mod');
  const sumValues = distinct(e.sums.map((s) => s.h1));
  const all = distinct([e.mod, e.zipGoMod, ...sumValues, d.h1]);
  if (db.kind === 'silent' && db.why.reason === 'misbehaving')
    return verdict('go.mod', 'sumdb-misbehaving', null, e, d);
  if (all.length <= 1) return null;
  let truth: string | null = d.h1;
  if (!truth && sumValues.length === 1 && e.zipGoMod === sumValues[0] && e.mod !== e.zipGoMod)
    truth = sumValues[0]!; // the zip's own go.mod and go.sum outvote the .mod file
  if (!truth) return verdict('go.mod', 'undecided', null, e, d);
  const modWrong = !!e.mod && e.mod !== truth;
  const sumsWrong = e.sums.filter((s) => s.h1 !== truth);
  let culprit: ChecksumCulprit;
  if (modWrong && sumsWrong.length > 0 && sumsWrong.length === e.sums.length && d.h1)
    culprit = 'sumdb-disagrees';
  else if (modWrong && sumsWrong.length > 0) culprit = 'cache-and-gosum';
  else if (sumsWrong.length > 0) culprit = 'gosum';
  else if (modWrong) culprit = 'mod';
  else return null; // only the zip's go.mod differs: the zip verdict speaks for it
  return verdict('go.mod', culprit, truth, e, d);
}

function verdict(
  subject: 'zip' | 'go.mod',
  culprit: ChecksumCulprit,
  truth: string | null,
  e: ZipEvidence | ModEvidence,
  d: ReturnType<typeof dbParts>,
): ChecksumVerdict {
  const witnesses: ChecksumWitness[] =
    'zip' in e
      ? [
          witness('zip', e.zip, truth),
          witness('ziphash', e.ziphash, truth),
          ...(e.tree ? [witness('tree', e.tree, truth)] : []),
        ]
      : [witness('mod', e.mod, truth), witness('zip-gomod', e.zipGoMod, truth)];
  for (const s of e.sums) witnesses.push(witness('gosum', s.h1, truth, s.file));
  if ('snapshotWithSum' in e && e.snapshotWithSum && !d.h1)
    witnesses.push(witness('snapshot', e.snapshotWithSum, truth));
  witnesses.push(witness('sumdb', d.h1, truth, d.name ?? undefined));
  return {
    subject,
    culprit,
    truth,
    witnesses,
    sumdb: d.h1 ? null : d.silence,
    wrongSums:
      truth === null
        ? []
        : e.sums.filter((s) => s.h1 !== truth).map((s) => ({ file: s.file, h1: s.h1 })),
  };
}
