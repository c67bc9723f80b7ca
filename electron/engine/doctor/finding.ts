import type { Severity } from '../../../shared/dto/cache';
import type { DoctorFinding, FindingText } from '../../../shared/dto/doctor';
import type { MessageKey } from '../../../shared/i18n';
import { inEnglish } from '../english';

/** What an environment finding says, as catalog keys (see FindingText). */
export interface EnvText {
  message: MessageKey;
  explanation: MessageKey;
  fix?: MessageKey;
  params?: FindingText['params'];
}

/**
 * An environment finding; the id is "env/<check>" (plus a qualifier when one check repeats).
 * Its sentences come from the i18n catalog: in English here, in the UI's language there.
 */
export function envFinding(
  check: string,
  f: { severity: Severity; path?: string; qualifier?: string; text: EnvText; command?: string[] },
): DoctorFinding {
  const params = f.text.params ?? {};
  return {
    id: `env/${check}${f.qualifier ? `:${f.qualifier}` : ''}`,
    check,
    area: 'environment',
    severity: f.severity,
    ...(f.path !== undefined && { path: f.path }),
    message: inEnglish(f.text.message, params),
    explanation: inEnglish(f.text.explanation, params),
    ...(f.text.fix && { fix: inEnglish(f.text.fix, params) }),
    ...(f.command && { command: f.command }),
    text: { ...f.text, params },
  };
}
