import type { ChecksumVerdict, DoctorFinding, FixAction } from '../../../shared/dto/doctor';
import type { MessageKey } from '../../../shared/i18n';
import type { VerdictParams } from '../../../shared/i18n/areas/witness.en';
import type { ModuleVersion } from '../gomod/layout';
import { versionKey } from '../gomod/layout';
import { FIX_COMMAND } from './finding-catalog';
import { inEnglish } from '../english';

/** Culprits the doctor repairs nothing for: a human has to look (or a database has to answer). */
export const NO_REPAIR = new Set(['sumdb-disagrees', 'sumdb-misbehaving', 'undecided']);

export function verdictId(m: ModuleVersion, v: Pick<ChecksumVerdict, 'subject'>): string {
  return `checksum:${versionKey(m)}${v.subject === 'go.mod' ? '/go.mod' : ''}`;
}

/** The one sentence saying who disagrees, as a finding carrying the whole verdict. */
export function verdictFinding(
  m: ModuleVersion,
  v: ChecksumVerdict,
  action: FixAction | undefined,
): DoctorFinding {
  const key = `${versionKey(m)}${v.subject === 'go.mod' ? '/go.mod' : ''}`;
  const wrong = v.witnesses.find((w) => w.agrees === false);
  const s = v.sumdb;
  const groups = new Map<string, string[]>();
  for (const w of v.witnesses)
    if (w.h1 && w.party !== 'sumdb') groups.set(w.h1, [...(groups.get(w.h1) ?? []), w.party]);
  const params: VerdictParams = {
    key,
    truth: v.truth ?? '',
    bad: wrong?.h1 ?? '',
    agree: [
      ...new Set(v.witnesses.filter((w) => w.agrees === true).map((w) => w.party as string)),
    ].join(','),
    files: v.wrongSums.map((x) => x.file).join(', '),
    db: v.witnesses.find((w) => w.party === 'sumdb')?.source ?? '',
    error: s?.reason === 'misbehaving' ? s.error : '',
    groups: [...groups].map(([h1, who]) => `${[...new Set(who)].join('+')}=${h1}`).join(';'),
    silence: s?.reason ?? '',
    sName: s && 'name' in s ? s.name : '',
    sVariable: s?.reason === 'private' ? s.variable : '',
    sPattern: s?.reason === 'private' ? s.pattern : '',
    sError: s && 'error' in s ? s.error : '',
    module: m.path,
  };
  const text = params as unknown as Record<string, string>;
  const message: MessageKey = `witness.verdict.${v.culprit}`;
  const explanation: MessageKey = `witness.explain.${v.culprit}`;
  const fix: MessageKey | undefined = action
    ? `doctor.action.${action}`
    : NO_REPAIR.has(v.culprit)
      ? (`witness.fix.${v.culprit}` as MessageKey)
      : undefined;
  return {
    id: verdictId(m, v),
    check: 'checksum',
    area: v.culprit === 'gosum' ? 'projects' : 'cache',
    severity: 'error',
    path: m.path,
    version: m.version,
    message: inEnglish(message, text),
    explanation: inEnglish(explanation, text),
    ...(fix && { fix: inEnglish(fix, text) + (action ? FIX_COMMAND : '') }),
    ...(action ? { action } : {}),
    text: { message, explanation, ...(fix ? { fix } : {}), params: text },
    verdict: v,
  };
}
