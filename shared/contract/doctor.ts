import { z } from 'zod';
import type { DoctorReport } from '../dto/doctor';
import { job } from './define';
import { pathList } from './schemas';

/** The doctor: environment and cache findings with severity, explanation and fix. */
export const doctorCommands = {
  'doctor.run': job<DoctorReport>()(
    z
      .object({
        /** Repair what can be repaired, then check again. */
        fix: z.boolean().default(false),
        /** Also hash every extracted tree. */
        deep: z.boolean().default(false),
        /** Folders searched for projects whose go.sum files are compared (default: settings). */
        projectRoots: pathList.default([]),
        /** With fix: repair only what these finding ids are about (default: everything). */
        only: z.array(z.string().min(1).max(8192)).max(100_000).optional(),
      })
      .strict(),
  ),
};
