import type { ServiceSpec } from './service-spec';
import { SERVICE_DESCRIPTION } from './service-spec';

/**
 * One word of an ExecStart= or Environment= line. systemd splits on spaces, honours double
 * quotes with C-style escapes, and expands % specifiers and $ variables: those are doubled.
 */
export function systemdQuote(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (escaped !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A systemd user unit (~/.config/systemd/user/modvault.service). */
export function systemdUnit(spec: ServiceSpec): string {
  const env = Object.entries(spec.env).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`);
  return [
    '[Unit]',
    `Description=${SERVICE_DESCRIPTION}`,
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${spec.argv.map(systemdQuote).join(' ')}`,
    // A path setting: taken literally (spaces included), only specifiers are expanded.
    `WorkingDirectory=${spec.workingDir.replace(/%/g, '%%')}`,
    ...env,
    'Restart=on-failure',
    'RestartSec=10',
    // Backups are background work: they give way to what the user is doing.
    'Nice=10',
    'IOSchedulingClass=idle',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}
