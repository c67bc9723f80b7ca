import path from 'node:path';
import type { ServiceSpec } from './service-spec';

export const LAUNCHD_LABEL = 'dev.modvault.daemon';

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const str = (s: string) => `<string>${xmlEscape(s)}</string>`;

/** A launchd agent (~/Library/LaunchAgents/dev.modvault.daemon.plist), restarted if it crashes. */
export function launchdPlist(spec: ServiceSpec): string {
  const env = Object.entries(spec.env)
    .map(([k, v]) => `      <key>${xmlEscape(k)}</key>\n      ${str(v)}`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '  <dict>',
    '    <key>Label</key>',
    `    ${str(LAUNCHD_LABEL)}`,
    '    <key>ProgramArguments</key>',
    '    <array>',
    ...spec.argv.map((a) => `      ${str(a)}`),
    '    </array>',
    '    <key>EnvironmentVariables</key>',
    '    <dict>',
    env,
    '    </dict>',
    '    <key>WorkingDirectory</key>',
    `    ${str(spec.workingDir)}`,
    '    <key>RunAtLoad</key>',
    '    <true/>',
    '    <key>KeepAlive</key>',
    '    <dict>',
    '      <key>SuccessfulExit</key>',
    '      <false/>',
    '    </dict>',
    '    <key>ProcessType</key>',
    `    ${str('Background')}`,
    '    <key>LowPriorityIO</key>',
    '    <true/>',
    // The daemon keeps its own log; launchd only catches what is printed before it opens.
    '    <key>StandardOutPath</key>',
    `    ${str('/dev/null')}`,
    '    <key>StandardErrorPath</key>',
    `    ${str(path.posix.join(spec.logDir, 'daemon.stderr.log'))}`,
    '  </dict>',
    '</plist>',
    '',
  ].join('\n');
}
