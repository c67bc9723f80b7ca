import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { tempDir } from './temp';

const run = promisify(execFile);
// As in the engine (s3-object-store.ts): the SDK's notice about its future Node support is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * The real S3-compatible server the remote tests run against: Versity's S3 gateway
 * (github.com/versity/versitygw, Apache-2.0) over a plain folder, built by .ci/run with
 * `go install` into ~/.cache/modvault-ci/bin (MODVAULT_S3_SERVER names another binary).
 */
export const S3_SERVER =
  process.env.MODVAULT_S3_SERVER ??
  path.join(homedir(), '.cache', 'modvault-ci', 'bin', 'versitygw');
export const haveS3Server = existsSync(S3_SERVER);
if (!haveS3Server) {
  if (process.env.CI)
    throw new Error(`The S3 server ${S3_SERVER} is missing: .ci/run builds it (go install).`);
  console.warn(
    `NOTE: remote tests skipped: no S3 server at ${S3_SERVER}. Build it with: GOBIN=~/.cache/modvault-ci/bin go install github.com/versity/versitygw/cmd/versitygw@v1.8.0`,
  );
}

export const ADMIN = { accessKeyId: 'modvault-admin', secretAccessKey: 'modvault-admin-secret' };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the S3 server exited:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the S3 server did not listen on ${port}:\n${log()}`);
}

/** One server per test file: its own folder and port, stopped and started by fault tests. */
export class S3Server {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly root: string,
    readonly port: number,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get dataDir(): string {
    return path.join(this.root, 'data');
  }

  static async start(): Promise<S3Server> {
    const root = await tempDir('modvault-s3-');
    await mkdir(path.join(root, 'data'));
    await mkdir(path.join(root, 'iam'));
    const s = new S3Server(root, await freePort());
    await s.resume();
    return s;
  }

  /** Starts the server again on the same port and folder (after stop()). */
  async resume(): Promise<void> {
    this.output = '';
    const child = spawn(
      S3_SERVER,
      [
        '--access',
        ADMIN.accessKeyId,
        '--secret',
        ADMIN.secretAccessKey,
        '--port',
        `127.0.0.1:${this.port}`,
        '--iam-dir',
        path.join(this.root, 'iam'),
        '--quiet',
        'posix',
        this.dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child = child;
    await waitForPort(this.port, child, () => this.output);
  }

  /** Kills the server at once, as a crash or a pulled cable would. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.root, { recursive: true, force: true });
  }

  client(creds = ADMIN): S3Client {
    return new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: creds,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async createBucket(bucket: string): Promise<void> {
    const c = this.client();
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
    c.destroy();
  }

  /** A user of the gateway's own IAM, with no rights until a bucket policy grants some. */
  async createUser(accessKeyId: string, secretAccessKey: string): Promise<void> {
    await run(S3_SERVER, [
      'admin',
      '--access',
      ADMIN.accessKeyId,
      '--secret',
      ADMIN.secretAccessKey,
      '--endpoint-url',
      this.endpoint,
      'create-user',
      '--access',
      accessKeyId,
      '--secret',
      secretAccessKey,
      '--role',
      'user',
    ]);
  }

  async setPolicy(bucket: string, statements: unknown[]): Promise<void> {
    const c = this.client();
    await c.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
    c.destroy();
  }

  /** Where the gateway keeps an object (its posix backend: one file per key). */
  objectFile(bucket: string, key: string): string {
    return path.join(this.dataDir, bucket, ...key.split('/'));
  }
}

/**
 * A TCP pass-through in front of the server that counts the bytes each way, so a test can
 * stop the real server at a chosen point of a transfer.
 */
export class CountingProxy {
  up = 0;
  down = 0;
  private readonly sockets = new Set<Socket>();
  private watchers: { test: () => boolean; fire: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(target: number): Promise<CountingProxy> {
    let self: CountingProxy | null = null;
    const server = createServer((client) => {
      const upstream = connect(target, '127.0.0.1');
      self!.sockets.add(client).add(upstream);
      const drop = () => (client.destroy(), upstream.destroy());
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.on('data', (d: Buffer) => {
        self!.up += d.length;
        upstream.write(d);
        self!.check();
      });
      upstream.on('data', (d: Buffer) => {
        self!.down += d.length;
        client.write(d);
        self!.check();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new CountingProxy(server, (server.address() as { port: number }).port);
    return self;
  }

  /** Calls `fire` once, as soon as `test` holds. */
  when(test: () => boolean, fire: () => void): void {
    this.watchers.push({ test, fire });
  }

  private check(): void {
    for (const w of [...this.watchers])
      if (w.test()) {
        this.watchers = this.watchers.filter((x) => x !== w);
        w.fire();
      }
  }

  dropAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
