import type { ProblemKind } from '../../../../shared/dto/cache';
import { PROBLEM_KINDS } from '../../../../shared/dto/cache';
import type { DoctorFinding } from '../../../../shared/dto/doctor';
import type { MessageKey, Translate } from '../../../../shared/i18n';

// The engine writes findings in English with the paths in them; the UI names each check and
// explains cache problems in the UI language, and shows the engine's message as the detail.

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

type Plain = 'doctor.check.go';

export function findingTitle(t: Translate, f: DoctorFinding): string {
  if (isProblemKind(f.check)) return t(`problem.${f.check}`);
  const key = ENV_TITLES[f.check];
  return key ? t(key as Plain) : f.check;
}

/** Why it matters: translated for cache problems, the engine's words for the environment. */
export function findingExplanation(t: Translate, f: DoctorFinding): string {
  return isProblemKind(f.check) ? t(`doctor.explain.${f.check}`) : f.explanation;
}

/** What to do: the repair ModVault makes, translated, else the engine's advice. */
export function findingFix(t: Translate, f: DoctorFinding): string | undefined {
  return f.action ? t(`doctor.action.${f.action}`) : f.fix;
}
