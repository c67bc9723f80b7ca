import type { AreaCatalog } from '../catalog';
import type { VerdictParams, witnessEn } from './witness.en';

/** 诊断的校验和裁决：一个版本的各方证人中是谁不一致，用一句话说明。 */

const PARTY: Record<string, string> = {
  zip: 'zip',
  ziphash: '.ziphash',
  tree: '已解压的目录',
  mod: '缓存的 .mod',
  'zip-gomod': 'zip 中的 go.mod',
  gosum: 'go.sum',
  snapshot: 'ModVault 快照',
  sumdb: '校验和数据库',
};

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}和${items.at(-1)}`;
}

const parties = (codes: string) =>
  list(
    codes
      .split(',')
      .filter(Boolean)
      .map((c) => PARTY[c] ?? c),
  );

function groups(p: VerdictParams): string {
  return p.groups
    .split(';')
    .filter(Boolean)
    .map((g) => {
      // h1 values end in '=': only the first one separates the parties from the hash.
      const at = g.indexOf('=');
      const [who, h1] = [g.slice(0, at), g.slice(at + 1)];
      return `${parties(who.split('+').join(','))}记录的是 ${h1}`;
    })
    .join('；');
}

function silence(p: VerdictParams): string {
  switch (p.silence) {
    case 'off':
      return '没有询问任何校验和数据库（GOSUMDB=off）';
    case 'private':
      return `${p.module} 是私有模块（${p.sVariable}=${p.sPattern}），没有校验和数据库知道它`;
    case 'invalid':
      return `GOSUMDB 无法使用（${p.sError}）`;
    case 'unreachable':
      return `无法连接校验和数据库 ${p.sName}（${p.sError}）`;
    case 'not-found':
      return `校验和数据库 ${p.sName} 没有它的记录`;
    default:
      return `校验和数据库 ${p.sName} 没有这一行`;
  }
}

export const witnessZhCN: AreaCatalog<typeof witnessEn> = {
  'error.code.CONFLICT': '已被改动',
  'witness.title': '校验和裁决',
  'witness.party.zip': '缓存的 zip',
  'witness.party.ziphash': '.ziphash',
  'witness.party.tree': '已解压的目录',
  'witness.party.mod': '缓存的 .mod',
  'witness.party.zip-gomod': 'zip 中的 go.mod',
  'witness.party.gosum': 'go.sum',
  'witness.party.snapshot': 'ModVault 快照',
  'witness.party.sumdb': '校验和数据库',
  'witness.agrees': '一致',
  'witness.disagrees': '不一致',
  'witness.silent': '无回答',
  'witness.none': '—',

  'witness.verdict.zip': (p) =>
    `${p.key} 缓存的 zip 被改动过：${parties(p.agree)}一致认定 ${p.truth}，而 zip 的哈希是 ${p.bad}。`,
  'witness.verdict.ziphash': (p) =>
    `${p.key} 只有 .ziphash 是错的（${p.bad}）：${parties(p.agree)}一致认定 ${p.truth}。`,
  'witness.verdict.cache': (p) =>
    `模块缓存中的 ${p.key} 被整体替换，zip 和 .ziphash 都变了（${p.bad}）：${parties(p.agree)}一致认定 ${p.truth}。`,
  'witness.verdict.mod': (p) =>
    `${p.key} 缓存的 go.mod 被改动过（${p.bad}）：${parties(p.agree)}一致认定 ${p.truth}。`,
  'witness.verdict.gosum': (p) =>
    `${p.files} 中 ${p.key} 的 go.sum 行是错的（${p.bad}）：${parties(p.agree)}一致认定 ${p.truth}。`,
  'witness.verdict.cache-and-gosum': (p) =>
    `模块缓存中的 ${p.key} 和 ${p.files} 中它的 go.sum 行都是错的（${p.bad}）：${parties(p.agree)}一致认定 ${p.truth}。`,
  'witness.verdict.sumdb-disagrees': (p) =>
    `警告：go.sum 和模块缓存对 ${p.key} 的记录一致（${p.bad}），但校验和数据库 ${p.db} 记录的是 ${p.truth}——你拿到的不是其他所有人拿到的那一份：可能是被投毒的代理，或是被攻破的工具写入的 go.sum 行。`,
  'witness.verdict.sumdb-misbehaving': (p) =>
    `校验和数据库关于 ${p.key} 的回答未通过验证（${p.error}）：代理或数据库本身没有说实话，因此无法作出判断。`,
  'witness.verdict.undecided': (p) =>
    `关于 ${p.key}，${groups(p)}，而且${silence(p)}：ModVault 无法判断哪一方是错的。`,

  'witness.explain.zip':
    'go mod verify 会报告“zip has been modified”；如果目录不存在，go build 会从这个 zip 解压，并在没有任何错误的情况下编译其中的内容。',
  'witness.explain.ziphash':
    'go build 和 go mod download 会以“checksum mismatch … SECURITY ERROR”停止，并把 .ziphash 的值当作“downloaded”，尽管 zip 本身完好。',
  'witness.explain.cache':
    'go build 会以“verifying … checksum mismatch … SECURITY ERROR”停止（go mod verify 甚至显示“all modules verified”）。删除 go.sum 会让 go 接受被替换的那一份。',
  'witness.explain.mod':
    'go 会以“verifying …/go.mod: checksum mismatch”停止：模块依赖图会按被改动的 go.mod 计算。',
  'witness.explain.gosum':
    'go build 会以“SECURITY ERROR: This download does NOT match an earlier download recorded in go.sum”停止——这一行被改过或写错了；缓存里的是所有人都拿到的那一份。',
  'witness.explain.cache-and-gosum':
    '错误的 go.sum 行为缓存中错误的副本作保：该项目的构建会毫无异议地使用它，其他项目则会报 SECURITY ERROR。',
  'witness.explain.sumdb-disagrees':
    '由于 go.sum 为这一份作保，go 会照常构建；在没有这一行 go.sum 的地方，go 会拒绝它（“SECURITY ERROR: This download does NOT match the one reported by the checksum server”）。校验和数据库经过签名，对所有人都相同。',
  'witness.explain.sumdb-misbehaving':
    'go 会以“SECURITY ERROR … go.sum database server misbehavior”或“cannot authenticate record data”停止：这个回答不属于所有人都能看到的已签名日志。',
  'witness.explain.undecided':
    'go 只会为 go.sum 中还没有的行查询校验和数据库，所以它也无法裁决；删除 go.sum 会接受缓存中的任何内容。',

  'witness.fix.sumdb-disagrees':
    '不要用这个版本构建或发布。查明是哪个代理提供了它（GOPROXY），以及是哪个工具写入了这行 go.sum；然后把数据库的哈希写入 go.sum，并通过你信任的代理让 go 重新下载该版本。ModVault 不会自动修复这种情况。',
  'witness.fix.sumdb-misbehaving':
    '检查 GOPROXY 和 GOSUMDB（可能有代理拦截了 /sumdb/ 请求），然后重新检查；在此期间保持 go.sum 和缓存不变。',
  'witness.fix.undecided':
    '让校验和数据库可以访问（取消 GOSUMDB=off；私有模块请与其代码仓库比对），然后重新检查。不要删除 go.sum。',
  'witness.fix.conflicted': '请查看该版本的校验和裁决：它的修复也会处理这一项。',
  'doctor.action.fix-gosum-line':
    '用各方证人一致认定的哈希改写这一行 go.sum（旧的 go.sum 会保留，修复可以撤销）。',
  'doctor.actionName.fix-gosum-line': '已改写 go.sum 行',
};
