import { z } from 'zod';
import type { SettingsView } from '../dto/settings';
import { LANGUAGES, THEMES } from '../dto/settings';
import { query } from './define';
import { empty, pathInput, pathList } from './schemas';

/** Every setting with its type and bounds; the engine checks paths further (absolute, exists). */
export const settingsSchema = z
  .object({
    storePath: pathInput.nullable(),
    projectRoots: pathList,
    quarantineRetentionDays: z.number().int().min(1).max(3650),
    quarantineDir: pathInput.nullable(),
    backupFirst: z.boolean(),
    preferToolchain: z.boolean(),
    notifyJobs: z.boolean(),
    notifyProblems: z.boolean(),
    launchAtLogin: z.boolean(),
    cacheLossPercent: z.number().int().min(1).max(100),
    language: z.enum(LANGUAGES),
    theme: z.enum(THEMES),
    sidebarCollapsed: z.boolean(),
  })
  .strict();

/** App settings: read them, or change some of them (the rest keep their values). */
export const settingsCommands = {
  'settings.get': query<SettingsView>()(empty),
  'settings.update': query<SettingsView>()(settingsSchema.partial().strict()),
};
