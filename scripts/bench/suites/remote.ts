import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import type { PublishResult, PushResult, RemoteRestoreResult } from '../../../shared/dto/remote';
import { ADMIN, S3Server } from '../../../test/helpers/s3-server';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { ratioRow } from '../context';
import type { Contender } from '../measure';
import { measure, measureInterleaved } from '../measure';

const BUCKET = 'bench';

function du(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

async function clear(dir: string): Promise<void> {
  if (existsSync(dir)) execFileSync('chmod', ['-R', 'u+w', dir]);
  await rm(dir, { recursive: true, force: true });
}

/** One new module version (a small change): a file:// proxy Go downloads it from. */
async function smallChange(
  work: string,
  gomodcache: string,
  env: Record<string, string>,
): Promise<void> {
  const proxy = path.join(work, 'change-proxy');
  const dir = path.join(proxy, 'example.com', 'benchchange', '@v');
  mkdirSync(dir, { recursive: true });
  const mod = 'module example.com/benchchange\n\ngo 1.21\n';
  writeFileSync(path.join(dir, 'v1.0.0.mod'), mod);
  writeFileSync(
    path.join(dir, 'v1.0.0.info'),
    JSON.stringify({ Version: 'v1.0.0', Time: '2024-01-02T03:04:05Z' }),
  );
  writeFileSync(path.join(dir, 'list'), 'v1.0.0\n');
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const out = createWriteStream(path.join(dir, 'v1.0.0.zip'));
  const done = new Promise<void>((r) => out.on('close', () => r()));
  zip.pipe(out);
  zip.append(mod, { name: 'example.com/benchchange@v1.0.0/go.mod' });
  zip.append('package benchchange\n\nconst N = 1\n', {
    name: 'example.com/benchchange@v1.0.0/n.go',
  });
  zip.append(randomBytes(200_000), { name: 'example.com/benchchange@v1.0.0/data.bin' });
  await zip.finalize();
  await done;
  execFileSync('go', ['mod', 'download', 'example.com/benchchange@v1.0.0'], {
    cwd: work,
    env: {
      ...process.env,
      ...env,
      GOMODCACHE: gomodcache,
      GOPROXY: `file://${proxy}`,
      GOFLAGS: '-mod=mod',
    },
    stdio: 'pipe',
  });
}

/**
 * Issue 16's figures, side by side on one S3 server: modvault push vs restic backup (first and
 * after a small change), bytes stored, restore on an empty machine vs restic restore, and
 * `go mod download` of the corpus project through the GOPROXY `publish` wrote.
 */
export const remoteSuite: BenchSuite = {
  name: 'remote',
  description:
    'push / restore --from / publish on an S3 server vs restic -r s3: on the same server',
  async run(ctx: BenchContext) {
    const work = path.join(ctx.work, 'remote');
    await clear(work);
    mkdirSync(work, { recursive: true });
    const load = loadavg()[0]!;
    const server = await S3Server.start();
    try {
      await server.createBucket(BUCKET);
      // A hard-linked copy of the corpus cache: the small change goes into it, never the corpus.
      const source = path.join(work, 'src', 'mod');
      mkdirSync(path.dirname(source), { recursive: true });
      execFileSync('cp', ['-al', ctx.gomodcache, source]);
      const store = path.join(work, 'store');
      const aws = {
        AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const home = path.join(work, 'home');
      const env = {
        ...ctx.corpusEnv,
        ...aws,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        MODVAULT_DATA: path.join(home, 'data'),
        MODVAULT_STORE: store,
        GOMODCACHE: source,
      };
      const mv = (args: string[], e: Record<string, string> = env) =>
        execFileSync(process.execPath, [ctx.cli, ...args], {
          env: { ...process.env, ...e },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        });
      ctx.log('modvault snapshot of the corpus (the store pushes from it)');
      mv(['snapshot', '--json']);
      const resticEnv = { ...aws, RESTIC_PASSWORD: 'bench' };
      const resticRepo = (n: string) => `s3:${server.endpoint}/${BUCKET}/${n}`;
      let round = 0;
      const prefixOf = () => `mv-${round}`;
      const freshRemote = async () => {
        round++;
        await clear(path.join(home, 'config'));
        mv([
          'remote',
          'add',
          'bench',
          `s3://${BUCKET}/${prefixOf()}`,
          '--endpoint',
          server.endpoint,
          '--path-style',
        ]);
        execFileSync('restic', ['-r', resticRepo(`restic-${round}`), 'init', '-q'], {
          env: { ...process.env, ...resticEnv },
          stdio: 'pipe',
        });
      };
      const firstEnv: Record<string, string> = { ...resticEnv };
      ctx.log(`first push vs restic's first backup, in turn × ${ctx.runs}`);
      const first = await measureInterleaved(
        {
          push: {
            cmd: process.execPath,
            args: [ctx.cli, 'push', '--to', 'bench', '--json'],
            env,
            before: freshRemote,
          },
          restic: {
            cmd: 'restic',
            args: ['backup', '-q', '--host', 'bench', source],
            // This round's repository, made by freshRemote just before.
            env: firstEnv,
            before: async () => void (firstEnv.RESTIC_REPOSITORY = resticRepo(`restic-${round}`)),
          },
        } satisfies Record<string, Contender>,
        ctx.runs,
      );
      const pushed = JSON.parse(first.push.stdout) as PushResult;
      if (pushed.pushed.length !== 1)
        throw new Error(`the first push pushed nothing: ${first.push.stdout}`);
      const lastPrefix = prefixOf();
      const lastRestic = `restic-${round}`;

      ctx.log('a small change: one new module version; snapshot; push vs restic backup');
      await smallChange(work, source, ctx.corpusEnv);
      mv(['snapshot', '--json']);
      const inc = await measure(process.execPath, [ctx.cli, 'push', '--to', 'bench', '--json'], {
        env,
      });
      const incResult = JSON.parse(inc.stdout) as PushResult;
      const resticInc = await measure(
        'restic',
        ['-r', resticRepo(lastRestic), 'backup', '-q', '--host', 'bench', source],
        { env: resticEnv },
      );
      const ours = du(server.objectFile(BUCKET, lastPrefix));
      const theirs = du(server.objectFile(BUCKET, lastRestic));

      ctx.log(
        `restore on an empty machine (no store, new GOMODCACHE) vs restic restore, in turn × ${ctx.runs}`,
      );
      const target = path.join(work, 'restored', 'mod');
      const resticOut = path.join(work, 'restic-out');
      const emptyHome = path.join(work, 'empty');
      const emptyEnv = {
        ...ctx.corpusEnv,
        ...aws,
        HOME: emptyHome,
        XDG_CONFIG_HOME: path.join(emptyHome, 'config'),
        MODVAULT_DATA: path.join(emptyHome, 'data'),
        MODVAULT_STORE: path.join(emptyHome, 'no-store'),
        GOMODCACHE: target,
      };
      mv(
        [
          'remote',
          'add',
          'bench',
          `s3://${BUCKET}/${lastPrefix}`,
          '--endpoint',
          server.endpoint,
          '--path-style',
        ],
        emptyEnv,
      );
      const before = async () => {
        await clear(target);
        await clear(resticOut);
        await clear(path.join(emptyHome, 'data'));
        execFileSync('sync');
      };
      const restoreArgs = (mode: string) => [
        ctx.cli,
        'restore',
        '--from',
        'bench',
        '--mode',
        mode,
        '--json',
      ];
      const restores = await measureInterleaved(
        {
          full: { cmd: process.execPath, args: restoreArgs('full'), env: emptyEnv, before },
          quick: { cmd: process.execPath, args: restoreArgs('quick'), env: emptyEnv, before },
          restic: {
            cmd: 'restic',
            args: ['-r', resticRepo(lastRestic), 'restore', 'latest', '-q', '--target', resticOut],
            env: resticEnv,
            before,
          },
        } satisfies Record<string, Contender>,
        ctx.runs,
      );
      const full = JSON.parse(restores.full.stdout) as RemoteRestoreResult;
      if (full.failed.length || full.verified !== full.restored)
        throw new Error(
          `the remote restore did not verify: ${restores.full.stdout.slice(0, 2000)}`,
        );
      await before();

      ctx.log('publish latest as a GOPROXY; go mod download of the corpus project through it');
      mv([
        'remote',
        'add',
        'pub',
        `s3://${BUCKET}/goproxy`,
        '--endpoint',
        server.endpoint,
        '--path-style',
      ]);
      await server.setPolicy(BUCKET, [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: ['s3:GetObject'],
          Resource: [`arn:aws:s3:::${BUCKET}/goproxy/*`],
        },
      ]);
      const pub = await measure(
        process.execPath,
        [ctx.cli, 'publish', 'latest', '--to', 'pub', '--json'],
        { env },
      );
      const published = JSON.parse(pub.stdout) as PublishResult;
      const project = path.join(work, 'project');
      cpSync(path.join(ctx.corpus, 'project'), project, { recursive: true });
      const download = (goproxy: string): Contender => ({
        cmd: 'go',
        args: ['mod', 'download'],
        cwd: project,
        env: {
          ...ctx.corpusEnv,
          GOMODCACHE: target,
          GOCACHE: path.join(work, 'gocache'),
          GOPROXY: goproxy,
          GOFLAGS: '-mod=mod',
          GOSUMDB: 'off',
        },
        before: () => clear(target),
      });
      const dl = await measureInterleaved(
        {
          bucket: download(`${published.goproxy},off`),
          file: download(`file://${path.join(ctx.corpus, 'proxy')},off`),
        },
        ctx.runs,
      );
      await clear(target);

      const mib = (b: number) => b / (1024 * 1024);
      const rows: BenchRow[] = [
        { metric: 'machine load (1-min average at start)', value: load, unit: 'count' },
        ratioRow(
          'first push',
          first.push.seconds,
          first.restic.seconds,
          "restic's first backup",
          0.5,
        ),
        ratioRow(
          'incremental push (one new version)',
          inc.seconds,
          resticInc.seconds,
          'restic backup',
          0.5,
        ),
        {
          metric: 'incremental push: bytes sent',
          value: mib(incResult.bytesUploaded),
          unit: 'MiB',
        },
        {
          metric: 'bytes stored on the remote',
          value: mib(ours),
          unit: 'MiB',
          versus: `restic repository ${mib(theirs).toFixed(1)} MiB`,
          ratio: ours / theirs,
          target: '≤ 0.35×',
          pass: ours / theirs <= 0.35,
        },
        ratioRow(
          'restore --from (full), empty machine',
          restores.full.seconds,
          restores.restic.seconds,
          'restic restore',
          0.5,
        ),
        ratioRow(
          'restore --from (quick), empty machine',
          restores.quick.seconds,
          restores.restic.seconds,
          'restic restore',
          0.5,
        ),
        { metric: 'restore --from: bytes fetched', value: mib(full.fetched.bytes), unit: 'MiB' },
        { metric: 'peak memory (restore --from full)', value: restores.full.maxRssMb, unit: 'MiB' },
        { metric: 'peak memory (first push)', value: first.push.maxRssMb, unit: 'MiB' },
        { metric: 'publish (first time)', value: pub.seconds, unit: 's' },
        {
          metric: 'go mod download via the published bucket',
          value: dl.bucket.seconds,
          unit: 's',
          versus: `GOPROXY=file:// of the corpus ${dl.file.seconds.toFixed(2)} s`,
          ratio: dl.bucket.seconds / dl.file.seconds,
        },
        {
          metric: 'versions restored from the remote, verified',
          value: full.verified,
          unit: 'count',
        },
      ];
      return rows;
    } finally {
      await server.dispose();
      await clear(work);
    }
  },
};
