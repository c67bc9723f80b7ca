import type { ProblemKind } from '../../../shared/dto/cache';
import { PROBLEM_KINDS } from '../../../shared/dto/cache';
import type { FixAction } from '../../../shared/dto/doctor';
import { FIX_ACTIONS } from '../../../shared/dto/doctor';
import { inEnglish } from '../english';

// The sentences live in the i18n catalog (shared/i18n/areas/doctor.*): the CLI prints them in
// English, the UI in its language from the same keys.

/** Why each cache problem matters, in terms of what the go command does (GO-CACHE.md). */
export const EXPLANATIONS = Object.fromEntries(
  PROBLEM_KINDS.map((k) => [k, inEnglish(`doctor.explain.${k}`)]),
) as Record<ProblemKind, string>;

export const ACTION_TEXT = Object.fromEntries(
  FIX_ACTIONS.map((a) => [a, inEnglish(`doctor.action.${a}`)]),
) as Record<FixAction, string>;

export const FIX_COMMAND = ' (modvault doctor --fix)';
