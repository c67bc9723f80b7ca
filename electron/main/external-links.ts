// Which web pages the app may hand to the user's browser (shell.openExternal). Anything else a
// page asks to open (another scheme, a look-alike host, credentials in the URL) is refused:
// openExternal on an arbitrary URL can start any registered protocol handler.

export const EXTERNAL_HOSTS: readonly string[] = ['go.dev', 'pkg.go.dev', 'proxy.golang.org'];

export function isAllowedExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (
    u.protocol === 'https:' &&
    u.username === '' &&
    u.password === '' &&
    u.port === '' &&
    EXTERNAL_HOSTS.includes(u.hostname)
  );
}
