import { protocol } from 'electron';
import { securityHeaders } from '../engine/rpc/security-headers';
import { StaticFiles } from '../engine/rpc/static-files';

/** The renderer's origin: app://modvault/index.html. Never file://, which would share origins. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'modvault';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Whether a URL is one of the renderer's (Node gives custom schemes an opaque origin). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/**
 * Serves dist/renderer on app://modvault/ with the strict CSP as a header (no network at all:
 * the desktop renderer talks to the engine over IPC only). Anything else is a 404.
 */
export function serveRenderer(rendererDir: string): void {
  const files = new StaticFiles(rendererDir);
  const headers = securityHeaders([]);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET')
      return new Response('Not found', { status: 404 });
    const file = await files.get(url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...headers, 'Content-Type': file.contentType },
    });
  });
}
