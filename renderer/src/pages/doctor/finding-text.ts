import type { ProblemKind } from '../../../../shared/dto/cache';
import { PROBLEM_KINDS } from '../../../../shared/dto/cache';
import type { DoctorFinding } from '../../../../shared/dto/doctor';
import type { MessageKey, Translate } from '../../../../shared/i18n';
import { sayKey as say } from '../../lib/format/catalog-text';

// Findings as the engine words them (English) and as catalog keys (`text`): see catalog-text.

const ENV_TITLES: Record<string, MessageKey> = {
  go: 'doctor.check.go',
  'gocache-off': 'doctor.check.gocache-off',
  gomodcache: 'doctor.check.gomodcache',
  gocache: 'doctor.check.gocache',
  'gomodcache-owner': 'doctor.check.owner',
  'gocache-owner': 'doctor.check.owner',
  'gomodcache-writable': 'doctor.check.writable',
  'gocache-writable': 'doctor.check.writable',
  'free-space': 'doctor.check.free-space',
  goflags: 'doctor.check.goflags',
  goproxy: 'doctor.check.goproxy',
  gosumdb: 'doctor.check.gosumdb',
  'private-patterns': 'doctor.check.private-patterns',
};

const isProblemKind = (check: string): check is ProblemKind =>
  (PROBLEM_KINDS as readonly string[]).includes(check);

export function findingTitle(t: Translate, f: DoctorFinding): string {
  if (isProblemKind(f.check)) return t(`problem.${f.check}`);
  const key = ENV_TITLES[f.check];
  return key ? (say(t, key, {}) ?? f.check) : f.check;
}

/** What was found, where. */
export function findingMessage(t: Translate, f: DoctorFinding): string {
  return say(t, f.text?.message, f.text?.params ?? {}) ?? f.message;
}

/** Why it matters to the go command. */
export function findingExplanation(t: Translate, f: DoctorFinding): string {
  return say(t, f.text?.explanation, f.text?.params ?? {}) ?? f.explanation;
}

/** What to do (for a repairable finding: what its Fix button does). */
export function findingFix(t: Translate, f: DoctorFinding): string | undefined {
  return say(t, f.text?.fix, f.text?.params ?? {}) ?? f.fix;
}
