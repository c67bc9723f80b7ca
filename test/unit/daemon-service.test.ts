import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { launchdPlist } from '../../electron/cli/daemon/launchd-plist';
import { serviceTarget } from '../../electron/cli/daemon/service-install';
import type { ServiceSpec } from '../../electron/cli/daemon/service-spec';
import { systemdQuote, systemdUnit } from '../../electron/cli/daemon/systemd-unit';
import { taskSchedulerXml, windowsQuote } from '../../electron/cli/daemon/task-scheduler-xml';
import { removeTree, tempDir } from '../helpers/temp';

// Paths with what breaks naive quoting: spaces, quotes, %, $, backslashes, & and <.
const spec: ServiceSpec = {
  argv: [
    process.execPath,
    '/home/Jo Doe/mod vault/dist/node/cli.mjs',
    'daemon',
    '--gomodcache',
    '/home/Jo Doe/go/pkg/mod',
    '--store',
    '/mnt/back up/50%$HOME "quoted" & <x>',
  ],
  env: { PATH: '/usr/local/go/bin:/usr/bin:/bin', GOPATH: '/home/Jo Doe/go' },
  workingDir: '/home/Jo Doe/.local/share/modvault 100%',
  logDir: '/home/Jo Doe/.config/modvault/logs',
};

/** systemd's reading of one ExecStart= line: words, double quotes, C escapes, %% and $$. */
function systemdWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let word = '';
    if (line[i] === '"') {
      for (i++; line[i] !== '"'; i++) word += line[i] === '\\' ? line[++i] : line[i];
      i++;
    } else for (; i < line.length && line[i] !== ' '; i++) word += line[i];
    words.push(word.replace(/%%/g, '%').replace(/\$\$/g, '$'));
  }
  return words;
}

/** CommandLineToArgvW, the way the C runtime splits a Windows command line. */
function windowsArgv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length && (quoted || line[i] !== ' '); i++) {
      let slashes = 0;
      while (line[i] === '\\') {
        slashes++;
        i++;
      }
      if (line[i] === '"') {
        arg += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2) arg += '"';
        else quoted = !quoted;
      } else {
        arg += '\\'.repeat(slashes);
        if (i < line.length) arg += line[i];
        else break;
      }
    }
    out.push(arg);
  }
  return out;
}

const python = (code: string, input: string) =>
  execFileSync('python3', ['-c', code], { input, encoding: 'utf8' });

describe('daemon service definitions', () => {
  it('systemd user unit: ExecStart reads back as the argv, systemd-analyze accepts it', async () => {
    const unit = systemdUnit(spec);
    const exec = unit.split('\n').find((l) => l.startsWith('ExecStart='))!;
    expect(systemdWords(exec.slice('ExecStart='.length))).toEqual(spec.argv);
    expect(systemdQuote('50%')).toBe('50%%');
    expect(unit).toContain('Environment="GOPATH=/home/Jo Doe/go"');
    expect(unit).toContain('WorkingDirectory=/home/Jo Doe/.local/share/modvault 100%%\n');
    expect(unit).toContain('Restart=on-failure');
    expect(unit).toContain('WantedBy=default.target');
    const dir = await tempDir('modvault-unit-');
    onTestFinished(() => removeTree(dir));
    const file = path.join(dir, 'modvault.service');
    await writeFile(file, unit);
    // Exit code 0 and nothing printed: systemd finds nothing wrong with it.
    expect(execFileSync('systemd-analyze', ['verify', file], { encoding: 'utf8' })).toBe('');
  });

  it('launchd agent: a valid plist whose ProgramArguments are the argv', () => {
    const plist = launchdPlist(spec);
    const parsed = JSON.parse(
      python(
        'import plistlib,sys,json; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))',
        plist,
      ),
    ) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      Label: 'dev.modvault.daemon',
      ProgramArguments: spec.argv,
      EnvironmentVariables: spec.env,
      WorkingDirectory: spec.workingDir,
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ProcessType: 'Background',
      StandardErrorPath: '/home/Jo Doe/.config/modvault/logs/daemon.stderr.log',
    });
  });

  it('Task Scheduler: well-formed UTF-16 XML, at logon, whose command line splits back into the argv', () => {
    const target = serviceTarget({
      platform: 'win32',
      home: 'C:\\Users\\Jo Doe',
      env: { USERDOMAIN: 'WORK', USERNAME: 'jo' },
      dataDir: 'C:\\Users\\Jo Doe\\AppData\\Roaming\\ModVault',
      spec: {
        ...spec,
        argv: [
          'C:\\Program Files\\nodejs\\node.exe',
          'C:\\mod vault\\cli.mjs',
          'daemon',
          '--store',
          'D:\\back "up"\\',
          'x\\\\"y',
        ],
      },
    });
    expect(target.kind).toBe('Task Scheduler task');
    expect(target.file).toBe(
      'C:\\Users\\Jo Doe\\AppData\\Roaming\\ModVault\\modvault-daemon-task.xml',
    );
    expect([...target.content.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const fields = JSON.parse(
      python(
        [
          'import sys,json,xml.etree.ElementTree as ET',
          'data=sys.stdin.buffer.read().decode("utf-16")',
          'ns={"t":"http://schemas.microsoft.com/windows/2004/02/mit/task"}',
          'root=ET.fromstring(data.split("?>",1)[1])',
          'g=lambda p: root.find(p,ns).text',
          'print(json.dumps({"command":g("t:Actions/t:Exec/t:Command"),"args":g("t:Actions/t:Exec/t:Arguments"),',
          '"user":g("t:Triggers/t:LogonTrigger/t:UserId"),"limit":g("t:Settings/t:ExecutionTimeLimit"),',
          '"battery":g("t:Settings/t:DisallowStartIfOnBatteries")}))',
        ].join('\n'),
        target.content.toString('latin1'),
      ),
    ) as Record<string, string>;
    expect(fields).toEqual({
      command: 'C:\\Program Files\\nodejs\\node.exe',
      args: expect.any(String),
      user: 'WORK\\jo',
      limit: 'PT0S',
      battery: 'false',
    });
    expect(windowsArgv(fields.args!)).toEqual([
      'C:\\mod vault\\cli.mjs',
      'daemon',
      '--store',
      'D:\\back "up"\\',
      'x\\\\"y',
    ]);
    expect(windowsQuote('plain')).toBe('plain');
    expect(target.activate[0]).toBe(
      'schtasks /Create /TN "ModVault Daemon" /XML "C:\\Users\\Jo Doe\\AppData\\Roaming\\ModVault\\modvault-daemon-task.xml"',
    );
    expect(taskSchedulerXml(spec, 'me')).toContain('<LogonTrigger>');
  });

  it('puts each definition where its OS looks for it', () => {
    const at = (platform: NodeJS.Platform, env: Record<string, string> = {}) =>
      serviceTarget({ platform, home: '/home/jo', env, dataDir: '/data', spec });
    expect(at('linux').file).toBe('/home/jo/.config/systemd/user/modvault.service');
    expect(at('linux', { XDG_CONFIG_HOME: '/cfg' }).file).toBe(
      '/cfg/systemd/user/modvault.service',
    );
    expect(at('linux').activate).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user enable --now modvault.service',
    ]);
    expect(at('darwin').file).toBe('/home/jo/Library/LaunchAgents/dev.modvault.daemon.plist');
    expect(at('darwin').activate[0]).toContain('launchctl bootstrap gui/');
  });
});
