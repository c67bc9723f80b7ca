import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { GoFixture } from '../fixtures/go-fixture';
import type { CliOptions, CliResult } from './cli';
import { runCli } from './cli';
import type { S3Server } from './s3-server';
import { ADMIN } from './s3-server';

/** The environment a machine of the remote tests runs the CLI with: its fixture, AWS keys. */
export function remoteEnv(
  fx: GoFixture,
  creds: { accessKeyId: string; secretAccessKey: string } = ADMIN,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...fx.env,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_REGION: 'us-east-1',
    // No cloud metadata service on a test machine: the SDK must not wait for one.
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** A fresh prefix in the bucket per test, so tests sharing a server never see each other. */
export const freshPrefix = (bucket = 'team') =>
  `s3://${bucket}/t-${randomBytes(4).toString('hex')}`;

export async function cli(
  args: string[],
  env: Record<string, string>,
  opts: Partial<CliOptions> = {},
): Promise<CliResult> {
  return runCli(args, { env, ...opts });
}

/** Runs a --json command that must succeed; returns its result. */
export async function ok<T>(
  args: string[],
  env: Record<string, string>,
  opts: Partial<CliOptions> = {},
): Promise<T> {
  const r = await cli([...args, '--json'], env, opts);
  expect(r.code, `${args.join(' ')}:\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.json<T>();
}

/** `modvault remote add NAME URL` against the test server. */
export async function addRemote(
  env: Record<string, string>,
  name: string,
  url: string,
  server: { endpoint: string },
  extra: string[] = [],
  opts: Partial<CliOptions> = {},
): Promise<void> {
  await ok(
    ['remote', 'add', name, url, '--endpoint', server.endpoint, '--path-style', ...extra],
    env,
    opts,
  );
}

/** Keys of the objects the gateway holds under a prefix (its posix backend: files). */
export function objectsUnder(
  server: S3Server,
  bucket: string,
  prefix: string,
): { key: string; file: string; mtimeMs: number; ino: number }[] {
  const out: { key: string; file: string; mtimeMs: number; ino: number }[] = [];
  const root = server.objectFile(bucket, prefix);
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      const file = path.join(dir, n);
      const st = statSync(file);
      if (st.isDirectory()) {
        if (!n.startsWith('.sgw')) walk(file);
      } else
        out.push({
          key: path.relative(root, file).split(path.sep).join('/'),
          file,
          mtimeMs: st.mtimeMs,
          ino: st.ino,
        });
    }
  };
  walk(root);
  return out;
}
