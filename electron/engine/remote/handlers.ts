import type { RemoteSnapshot } from '../../../shared/dto/remote';
import { jobHandler } from '../jobs/job-handler';
import type { JobRunner } from '../jobs/job-runner';
import { CACHE_WRITER_LOCK } from '../jobs/lock-keys';
import type { HandlerGroup } from '../rpc/router';
import { toSummary } from '../store/snapshot-catalog';
import type { ProxyPublisher } from './proxy-publisher';
import type { RemoteAccess } from './remote-access';
import { RemoteCatalog } from './remote-catalog';
import type { RemoteChecker } from './remote-checker';
import type { RemotePruner } from './remote-pruner';
import type { RemotePusher } from './remote-pusher';
import type { RemoteRestorer } from './remote-restorer';
import { checkEndpoint, parseRemoteUrl } from './remote-url';
import type { SnapshotDoc } from './repo-format';

export interface RemoteHandlerDeps {
  jobs: JobRunner;
  access: RemoteAccess;
  pusher: RemotePusher;
  restorer: RemoteRestorer;
  publisher: ProxyPublisher;
  checker: RemoteChecker;
  pruner: RemotePruner;
  now: () => number;
}

type RemoteCommand =
  | 'remote.list'
  | 'remote.pushed'
  | 'remote.add'
  | 'remote.remove'
  | 'remote.check'
  | 'remote.snapshots'
  | 'remote.push'
  | 'remote.restorePlan'
  | 'remote.restore'
  | 'remote.publish'
  | 'remote.forget'
  | 'remote.prune';

function toRemoteSnapshot(d: SnapshotDoc): RemoteSnapshot {
  return {
    ...toSummary({ ...d.snapshot, seq: 0, versionSetId: 0, fileSetId: 0 }),
    pushedAt: d.pushedAt,
    pushedFrom: d.pushedFrom,
  };
}

export function remoteHandlers(d: RemoteHandlerDeps): HandlerGroup<RemoteCommand> {
  const { access } = d;
  return {
    'remote.list': async () =>
      Promise.all((await access.registry.list()).map((r) => access.view(r))),
    'remote.pushed': () => access.pushed(),
    'remote.add': async (req) => {
      const loc = parseRemoteUrl(req.url);
      const record = {
        name: req.name,
        ...loc,
        endpoint: checkEndpoint(req.endpoint),
        region: req.region,
        pathStyle: req.pathStyle,
        encrypted: req.encrypt,
        addedAt: new Date(d.now()).toISOString(),
      };
      // Secrets first: a remote is never listed with keys it could not keep.
      await access.saveSecrets(req.name, {
        credentials:
          req.accessKeyId && req.secretAccessKey
            ? { accessKeyId: req.accessKeyId, secretAccessKey: req.secretAccessKey }
            : undefined,
        passphrase: req.savePassphrase ? req.passphrase : undefined,
      });
      await access.registry.add(record);
      return access.view(record);
    },
    'remote.remove': async (req) => {
      await access.registry.remove(req.name);
      await access.forgetSecrets(req.name);
      return { removed: req.name };
    },
    'remote.check': jobHandler(d.jobs, 'remote.check', (req) => ({
      title: `Check remote ${req.remote}`,
      run: (ctx) => d.checker.check(req, { signal: ctx.signal, progress: ctx.progress }),
    })),
    'remote.snapshots': jobHandler(d.jobs, 'remote.snapshots', (req) => ({
      title: `List the snapshots of remote ${req.remote}`,
      run: async (ctx) => {
        const repo = await access.openRepo(req.remote, {
          create: false,
          passphrase: req.passphrase,
          signal: ctx.signal,
        });
        if (!repo) {
          await access.noteSeen(req.remote, []);
          const { objects } = await access.objects(req.remote);
          objects.close();
          return {
            remote: req.remote,
            label: objects.label,
            repository: false,
            encrypted: false,
            snapshots: [],
          };
        }
        try {
          const cat = await RemoteCatalog.load(repo, ctx.signal);
          const docs = await cat.snapshots(ctx.signal);
          await access.noteSeen(req.remote, cat.snapshotIds);
          return {
            remote: req.remote,
            label: repo.label,
            repository: true,
            encrypted: repo.encrypted,
            snapshots: docs.map(toRemoteSnapshot),
          };
        } finally {
          repo.objects.close();
        }
      },
    })),
    'remote.push': jobHandler(d.jobs, 'remote.push', (req) => ({
      title: `Push to ${req.remote}`,
      run: (ctx) =>
        d.pusher.push(req, { signal: ctx.signal, progress: ctx.progress, output: ctx.output }),
    })),
    'remote.restorePlan': jobHandler(d.jobs, 'remote.restorePlan', (req) => ({
      title: `Plan a restore from ${req.remote} (snapshot ${req.snapshot})`,
      run: (ctx) => d.restorer.plan(req, { signal: ctx.signal, progress: ctx.progress }),
    })),
    'remote.restore': jobHandler(d.jobs, 'remote.restore', (req) => ({
      title: `Restore from ${req.remote} (snapshot ${req.snapshot}, ${req.mode})`,
      locks: [CACHE_WRITER_LOCK],
      run: (ctx) =>
        d.restorer.run(req, { signal: ctx.signal, progress: ctx.progress, output: ctx.output }),
    })),
    'remote.publish': jobHandler(d.jobs, 'remote.publish', (req) => ({
      title: `Publish snapshot ${req.snapshot} to ${req.remote} as a GOPROXY`,
      run: (ctx) => d.publisher.publish(req, { signal: ctx.signal, progress: ctx.progress }),
    })),
    'remote.forget': jobHandler(d.jobs, 'remote.forget', (req) => ({
      title: `Forget snapshots on ${req.remote}`,
      run: (ctx) => d.pruner.forget(req, { signal: ctx.signal, progress: ctx.progress }),
    })),
    'remote.prune': jobHandler(d.jobs, 'remote.prune', (req) => ({
      title: `Prune ${req.remote}`,
      run: (ctx) => d.pruner.prune(req, { signal: ctx.signal, progress: ctx.progress }),
    })),
  };
}
