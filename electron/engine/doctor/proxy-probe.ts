import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type ProbeResult = { reachable: true; status: number } | { reachable: false; error: string };

export type ProxyProbe = (url: string, timeoutMs: number) => Promise<ProbeResult>;

/** Any HTTP answer means the proxy is reachable; a 404 on "/" is normal for module proxies. */
export const httpProbe: ProxyProbe = (url, timeoutMs) =>
  new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ reachable: false, error: 'not a valid URL' });
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'HEAD', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve({ reachable: true, status: res.statusCode ?? 0 });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ reachable: false, error: e.message }));
    req.end();
  });
