import { EngineError } from '../errors';

export interface RemoteLocation {
  bucket: string;
  /** Without leading or trailing "/" ("" for the bucket's root). */
  prefix: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** "s3://BUCKET/PREFIX" → bucket and prefix; anything else is refused with an example. */
export function parseRemoteUrl(url: string): RemoteLocation {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  const bad = (why: string) =>
    new EngineError('INVALID_INPUT', `${url} is not a remote URL (${why}).`, {
      fix: 'Give it as s3://BUCKET/PREFIX, for example s3://team-backups/modvault.',
    });
  if (!m) throw bad('it must start with s3://');
  const bucket = m[1]!;
  if (!BUCKET.test(bucket)) throw bad(`"${bucket}" is not a valid bucket name`);
  const prefix = m[2]!.replace(/\/+$/, '');
  if (prefix.split('/').some((p) => p === '' || p === '.' || p === '..') && prefix !== '')
    throw bad('the prefix has an empty, "." or ".." part');
  return { bucket, prefix };
}

export function remoteUrl(l: RemoteLocation): string {
  return `s3://${l.bucket}${l.prefix ? `/${l.prefix}` : ''}`;
}

/** An http(s) endpoint URL without a path, query or credentials. */
export function checkEndpoint(endpoint: string): string {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    u = null as unknown as URL;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password)
    throw new EngineError('INVALID_INPUT', `${endpoint} is not an endpoint URL.`, {
      fix: 'Give the server as http(s)://HOST[:PORT], for example https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000.',
    });
  return u.origin;
}
