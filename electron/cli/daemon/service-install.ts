import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchdPlist, LAUNCHD_LABEL } from './launchd-plist';
import type { ServiceSpec } from './service-spec';
import { systemdUnit } from './systemd-unit';
import { TASK_NAME, taskSchedulerXml, windowsQuote } from './task-scheduler-xml';

export interface ServiceTarget {
  /** What kind of entry it is, for the user. */
  kind: 'systemd user unit' | 'launchd agent' | 'Task Scheduler task';
  file: string;
  /** The file's bytes (schtasks reads UTF-16). */
  content: Buffer;
  /** The text, for --print. */
  text: string;
  /** What to run to start it now and at every login. */
  activate: string[];
}

export interface ServiceTargetInput {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
  /** Where ModVault keeps its own files (the Windows task's XML goes there). */
  dataDir: string;
  spec: ServiceSpec;
}

/** The service definition for this OS and where it belongs. */
export function serviceTarget(i: ServiceTargetInput): ServiceTarget {
  if (i.platform === 'win32') {
    const text = taskSchedulerXml(
      i.spec,
      [i.env.USERDOMAIN, i.env.USERNAME].filter(Boolean).join('\\'),
    );
    const file = path.win32.join(i.dataDir, 'modvault-daemon-task.xml');
    return {
      kind: 'Task Scheduler task',
      file,
      // schtasks expects UTF-16 with a byte-order mark.
      content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      text,
      activate: [
        `schtasks /Create /TN ${windowsQuote(TASK_NAME)} /XML ${windowsQuote(file)}`,
        `schtasks /Run /TN ${windowsQuote(TASK_NAME)}`,
      ],
    };
  }
  if (i.platform === 'darwin') {
    const text = launchdPlist(i.spec);
    const file = path.posix.join(i.home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
    return {
      kind: 'launchd agent',
      file,
      content: Buffer.from(text),
      text,
      activate: [`launchctl bootstrap gui/$(id -u) '${file}'`],
    };
  }
  const text = systemdUnit(i.spec);
  const config = i.env.XDG_CONFIG_HOME || path.posix.join(i.home, '.config');
  return {
    kind: 'systemd user unit',
    file: path.posix.join(config, 'systemd', 'user', 'modvault.service'),
    content: Buffer.from(text),
    text,
    activate: ['systemctl --user daemon-reload', 'systemctl --user enable --now modvault.service'],
  };
}

export async function writeServiceTarget(t: ServiceTarget): Promise<void> {
  await mkdir(path.dirname(t.file), { recursive: true });
  await writeFile(t.file, t.content, { mode: 0o644 });
}
