import type { DoctorFinding } from '../../../shared/dto/doctor';

/** An environment finding; the id is "env/<check>" (plus a qualifier when one check repeats). */
export function envFinding(
  check: string,
  f: Omit<DoctorFinding, 'id' | 'check' | 'area'> & { qualifier?: string },
): DoctorFinding {
  const { qualifier, ...rest } = f;
  return {
    id: `env/${check}${qualifier ? `:${qualifier}` : ''}`,
    check,
    area: 'environment',
    ...rest,
  };
}
