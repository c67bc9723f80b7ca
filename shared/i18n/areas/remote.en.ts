// Remotes: S3-compatible storage in Settings, pushing from the Snapshots page, restoring from a
// remote in the Restore wizard.

import type { Fmt } from '../fmt';

type N = { n: number };

export const remoteEn = {
  'remote.title': 'Remotes',
  'remote.hint':
    'S3-compatible storage (AWS S3, Versity, SeaweedFS, Ceph, R2, MinIO…) that snapshots are pushed to, restored from on any machine, and published from as a GOPROXY.',
  'remote.empty': 'No remotes yet.',
  'remote.add': 'Add a remote',
  'remote.name': 'Name',
  'remote.url': 'Bucket and prefix',
  'remote.urlHint': 's3://BUCKET/PREFIX',
  'remote.endpoint': 'Endpoint',
  'remote.endpointHint': 'https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000',
  'remote.region': 'Region',
  'remote.pathStyle': 'Path-style addressing (ENDPOINT/BUCKET; most self-hosted servers)',
  'remote.encrypt': 'Encrypt everything pushed with a passphrase',
  'remote.passphrase': 'Passphrase',
  'remote.passphraseHint':
    'Kept with the OS keychain on this computer; without it nothing on the remote can be read. Keep a copy somewhere safe.',
  'remote.accessKey': 'Access key ID',
  'remote.secretKey': 'Secret access key',
  'remote.keysHint':
    'Kept with the OS keychain. Leave empty to use AWS_ACCESS_KEY_ID / AWS_PROFILE and ~/.aws/credentials.',
  'remote.keysEnvOnly':
    'Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE and ~/.aws/credentials (the desktop app can keep them with the OS keychain).',
  'remote.save': 'Add remote',
  'remote.check': 'Check',
  'remote.checking': 'Checking…',
  'remote.remove': 'Remove',
  'remote.removeConfirm':
    'Remove this remote from this computer? Nothing on the server is deleted.',
  'remote.encrypted': 'Encrypted',
  'remote.credsSaved': 'Keys saved',
  'remote.credsEnv': 'Keys from the environment',
  'remote.checkOk': (p: { n: number; size: number }, f: Fmt) =>
    `Reachable · ${f.count(p.n)} ${p.n === 1 ? 'snapshot' : 'snapshots'} · ${f.bytes(p.size)} of packs`,
  'remote.checkEmpty': 'Reachable · nothing pushed yet',
  'remote.readOnly': 'These credentials can only read: restore works, push does not.',
  'remote.checkProblems': ({ n }: N) => `${n} ${n === 1 ? 'problem' : 'problems'} found`,
  'remote.goproxy': 'GOPROXY for what Publish writes',

  'remote.push.title': 'Push to a remote',
  'remote.push.hint':
    'Uploads only what the remote lacks; an interrupted push continues where it stopped.',
  'remote.push.none': 'Add a remote in Settings to push snapshots off this computer.',
  'remote.push.to': 'Remote',
  'remote.push.button': 'Push snapshots',
  'remote.push.pushing': 'Pushing…',
  'remote.push.done': (p: { n: number; size: number }, f: Fmt) =>
    `Pushed ${f.count(p.n)} ${p.n === 1 ? 'snapshot' : 'snapshots'}, ${f.bytes(p.size)} sent.`,
  'remote.push.nothing': 'The remote holds these snapshots already.',
  'remote.pushedBadge': (p: { list: string }) => `Pushed · ${p.list}`,
  'job.rate': (p: { size: number }, f: Fmt) => `${f.bytes(p.size)}/s`,

  'remote.schedulePush': 'After each backup, push it to',
  'remote.scheduleNoPush': 'No remote (keep it on this computer)',
  'remote.source': 'Restore from',
  'remote.sourceLocal': 'This computer',
  'remote.sourceHint':
    'A remote works on a machine with no backups of its own: only the data the chosen versions need is downloaded, and all of it is checked before anything is written.',
  'remote.noToolchain': '“Through go mod download” restores from this computer’s store only.',

  'job.title.remote.push': 'Push to a remote',
  'job.title.remote.restore': 'Restore from a remote',
  'job.title.remote.restorePlan': 'Plan a restore from a remote',
  'job.title.remote.snapshots': 'List a remote’s snapshots',
  'job.title.remote.check': 'Check a remote',
  'job.title.remote.publish': 'Publish as a GOPROXY',
  'job.title.remote.forget': 'Forget snapshots on a remote',
  'job.title.remote.prune': 'Prune a remote',
};
