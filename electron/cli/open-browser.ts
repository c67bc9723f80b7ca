import { spawn } from 'node:child_process';

/** The command that opens a URL in the user's browser on this OS, as an argv array (no shell). */
export function browserCommand(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; the empty string is the window title it would otherwise take
  // from the first quoted argument.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  return ['xdg-open', [url]];
}

/** Best effort: a machine without a browser (a server over SSH) just uses the printed URL. */
export function openBrowser(url: string, onFailure: (why: string) => void): void {
  if (!/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/$/.test(url)) {
    onFailure('refusing to open an unexpected URL');
    return;
  }
  const [cmd, args] = browserCommand(process.platform, url);
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', (e) => onFailure(`${cmd}: ${e.message}`));
    child.unref();
  } catch (e) {
    onFailure(`${cmd}: ${(e as Error).message}`);
  }
}
