import type { AreaCatalog } from '../catalog';
import type { remoteEn } from './remote.en';

/** 远程存储：设置中的 S3 兼容存储、快照页的推送、恢复向导中的远程来源。 */
export const remoteZhCN: AreaCatalog<typeof remoteEn> = {
  'remote.title': '远程存储',
  'remote.hint':
    'S3 兼容的对象存储（AWS S3、Versity、SeaweedFS、Ceph、R2、MinIO…）：把快照推送上去，在任何机器上从中恢复，或把它发布为 GOPROXY。',
  'remote.empty': '还没有远程存储。',
  'remote.add': '添加远程存储',
  'remote.name': '名称',
  'remote.url': '存储桶和前缀',
  'remote.urlHint': 's3://存储桶/前缀',
  'remote.endpoint': '端点',
  'remote.endpointHint': 'https://s3.eu-central-1.amazonaws.com 或 http://127.0.0.1:9000',
  'remote.region': '区域',
  'remote.pathStyle': '路径式寻址（端点/存储桶；大多数自建服务器）',
  'remote.encrypt': '用口令加密推送的全部内容',
  'remote.passphrase': '口令',
  'remote.passphraseHint':
    '保存在本机的系统钥匙串中；没有它，远程存储上的任何内容都无法读取。请另外妥善保存一份。',
  'remote.accessKey': '访问密钥 ID',
  'remote.secretKey': '私有访问密钥',
  'remote.keysHint':
    '保存在系统钥匙串中。留空则使用 AWS_ACCESS_KEY_ID / AWS_PROFILE 和 ~/.aws/credentials。',
  'remote.keysEnvOnly':
    '凭据来自 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY 或 AWS_PROFILE 和 ~/.aws/credentials（桌面应用可把它们保存在系统钥匙串中）。',
  'remote.save': '添加',
  'remote.check': '检查',
  'remote.checking': '正在检查…',
  'remote.remove': '移除',
  'remote.removeConfirm': '从本机移除这个远程存储？服务器上的内容不会被删除。',
  'remote.encrypted': '已加密',
  'remote.credsSaved': '密钥已保存',
  'remote.credsEnv': '密钥来自环境',
  'remote.checkOk': (p, f) => `可以访问 · ${f.count(p.n)} 个快照 · 数据包 ${f.bytes(p.size)}`,
  'remote.checkEmpty': '可以访问 · 尚未推送任何内容',
  'remote.readOnly': '这些凭据只能读取：可以恢复，不能推送。',
  'remote.checkProblems': ({ n }) => `发现 ${n} 个问题`,
  'remote.goproxy': '“发布”所写内容的 GOPROXY 地址',

  'remote.push.title': '推送到远程存储',
  'remote.push.hint': '只上传远程存储缺少的内容；中断的推送会从停下的地方继续。',
  'remote.push.none': '在设置中添加远程存储后，即可把快照推送到本机之外。',
  'remote.push.to': '远程存储',
  'remote.push.button': '推送快照',
  'remote.push.pushing': '正在推送…',
  'remote.push.done': (p, f) => `已推送 ${f.count(p.n)} 个快照，发送 ${f.bytes(p.size)}。`,
  'remote.push.nothing': '远程存储已经有这些快照。',
  'remote.pushedBadge': (p) => `已推送 · ${p.list}`,
  'job.rate': (p, f) => `${f.bytes(p.size)}/秒`,

  'remote.schedulePush': '每次备份后推送到',
  'remote.scheduleNoPush': '不推送（只保留在本机）',
  'remote.source': '恢复来源',
  'remote.sourceLocal': '本机',
  'remote.sourceHint':
    '远程存储也适用于没有任何本地备份的机器：只下载所选版本需要的数据，并在写入任何内容之前全部校验。',
  'remote.noToolchain': '“通过 go mod download”只能从本机的备份存储恢复。',

  'job.title.remote.push': '推送到远程存储',
  'job.title.remote.restore': '从远程存储恢复',
  'job.title.remote.restorePlan': '规划从远程存储的恢复',
  'job.title.remote.snapshots': '列出远程存储的快照',
  'job.title.remote.check': '检查远程存储',
  'job.title.remote.publish': '发布为 GOPROXY',
  'job.title.remote.forget': '删除远程存储上的快照',
  'job.title.remote.prune': '清理远程存储',
};
