import type { RestoreStatus } from '../../../../shared/dto/restore';

/** How each state of a version in a restore plan is coloured. */
export const STATUS_TONE: Record<RestoreStatus, 'accent' | 'info' | 'error' | 'ok'> = {
  missing: 'accent',
  incomplete: 'info',
  damaged: 'error',
  present: 'ok',
};
