import type { Settings } from '../../../shared/dto/settings';
import { DEFAULT_SETTINGS } from '../../../shared/dto/settings';
import { settingsSchema } from '../../../shared/contract/settings';

export const SETTINGS_FILE_VERSION = 1;

export interface ParsedSettingsFile {
  settings: Settings;
  /** Keys this version does not know (written by a newer ModVault): kept when saving. */
  unknown: Record<string, unknown>;
  version: number;
  /** The file is not a JSON object at all: it must be set aside, never overwritten. */
  corrupt: boolean;
  warnings: string[];
}

const KEYS = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/**
 * Reads settings leniently: one bad value falls back to its default (with a warning) instead of
 * throwing away every other choice the user made.
 */
export function parseSettingsFile(text: string, file: string): ParsedSettingsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return corrupt(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return corrupt(file, 'does not hold a JSON object');
  const obj = raw as Record<string, unknown>;
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const warnings: string[] = [];
  const unknown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'version') continue;
    if (!(KEYS as string[]).includes(key)) {
      unknown[key] = value;
      continue;
    }
    const k = key as keyof Settings;
    const parsed = settingsSchema.shape[k].safeParse(value);
    if (parsed.success) (settings as Record<keyof Settings, unknown>)[k] = parsed.data;
    else
      warnings.push(
        `${file}: "${key}" has an invalid value (${parsed.error.issues[0]?.message ?? 'invalid'}); the default is used.`,
      );
  }
  const version = typeof obj.version === 'number' ? obj.version : SETTINGS_FILE_VERSION;
  return { settings, unknown, version, corrupt: false, warnings };
}

function corrupt(file: string, why: string): ParsedSettingsFile {
  return {
    settings: { ...DEFAULT_SETTINGS },
    unknown: {},
    version: SETTINGS_FILE_VERSION,
    corrupt: true,
    warnings: [
      `${file} ${why}; defaults are used. It will be kept beside it as a .corrupt copy when a setting is changed.`,
    ],
  };
}

export function serializeSettings(p: Omit<ParsedSettingsFile, 'corrupt' | 'warnings'>): string {
  const body = {
    version: Math.max(p.version, SETTINGS_FILE_VERSION),
    ...p.unknown,
    ...p.settings,
  };
  return JSON.stringify(body, null, 2) + '\n';
}
