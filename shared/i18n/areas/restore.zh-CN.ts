import type { AreaCatalog } from '../catalog';
import type { Fmt } from '../fmt';
import type { restoreEn } from './restore.en';

type N = { n: number };
const versions = (n: number, f: Fmt) => `${f.count(n)} 个版本`;

/** 恢复向导与恢复任务的文案。 */
export const restoreZhCN: AreaCatalog<typeof restoreEn> = {
  'nav.restore': '恢复',
  'restore.title': '恢复',
  'restore.subtitle': '从快照恢复模块缓存，并逐一校验',
  'restore.steps': '恢复步骤',
  'restore.step.what': '发生了什么',
  'restore.step.snapshot': '快照',
  'restore.step.scope': '范围与方式',
  'restore.step.preview': '预览',
  'restore.step.run': '恢复',
  'restore.step.result': '结果',
  'restore.back': '上一步',
  'restore.next': '下一步',
  'restore.startOver': '再恢复其他内容',
  'restore.openDashboard': '打开仪表盘',

  'restore.what.question': '模块缓存出了什么问题？',
  'restore.what.gone': '缓存没了',
  'restore.what.goneHint':
    '缓存被删除了（rm -rf、go clean -modcache 或清理软件）。快照中的一切都会恢复；已有的内容不会被改动。',
  'restore.what.broken': '部分模块损坏',
  'restore.what.brokenHint':
    '构建因校验和或 zip 错误而失败。损坏的版本将用快照替换，原有文件移入隔离区。',
  'restore.what.project': '某个项目需要它的模块',
  'restore.what.projectHint': '只恢复该项目的 go.sum 和 go.mod 所列的内容，例如在新机器上。',
  'restore.what.cacheMissing': (p: { path: string }) => `${p.path} 目前不存在。`,
  'restore.what.cacheEmpty': (p: { path: string }) => `${p.path} 处的模块缓存是空的。`,
  'restore.what.cacheDamaged': (p: N, f: Fmt) => `上次扫描发现 ${versions(p.n, f)}已损坏。`,
  'restore.what.cacheOk': (p: N, f: Fmt) => `缓存中有 ${versions(p.n, f)}。`,

  'restore.snapshot.choose': '从哪个快照恢复？',
  'restore.snapshot.latest': '最新',
  'restore.snapshot.versions': (p: N, f: Fmt) => versions(p.n, f),
  'restore.snapshot.buildCache': '含构建缓存',
  'restore.snapshot.emptyTitle': '还没有快照',
  'restore.snapshot.emptyBody':
    '恢复需要在缓存完好时拍下的快照。请用“立即备份”（在快照页面或托盘中）创建一个，然后再回到这里。',
  'restore.snapshot.loading': '正在读取备份存储…',

  'restore.scope.what': '恢复哪些内容',
  'restore.scope.all': '全部',
  'restore.scope.allHint': '快照中的每个版本，以及校验和数据库文件。缓存中已有的完好版本保持不变。',
  'restore.scope.projects': '项目所需的内容',
  'restore.scope.projectsHint':
    '只恢复项目文件夹中 go.sum 和 go.mod 所列的版本：速度快，适合单个应用或新机器。',
  'restore.scope.modules': '指定的模块',
  'restore.scope.modulesHint':
    '只恢复你列出的模块：写模块路径表示其所有版本，写 路径@版本 表示单个版本。',
  'restore.scope.projectsLabel': '项目文件夹（每行一个，其中含有 go.mod）',
  'restore.scope.projectPlaceholder': '/home/you/src/app',
  'restore.scope.found': '在你的项目文件夹中找到：',
  'restore.scope.modulesLabel': '模块，每行一个：路径 或 路径@版本',
  'restore.scope.needProject': '请至少填写一个项目文件夹。',
  'restore.scope.needModule': '请至少填写一个模块。',
  'restore.scope.badModules': (p: { lines: string }) => `不是模块路径或 路径@版本：${p.lines}`,
  'restore.scope.needTarget': '请填写要恢复到的文件夹。',
  'restore.scope.mode': '方式',
  'restore.mode.quick': '快速',
  'restore.mode.quickHint':
    '只恢复 zip、.mod、.info 和校验和。构建首次需要某个模块时，Go 会离线从 zip 中解压。最快恢复构建。',
  'restore.mode.full': '完整',
  'restore.mode.fullHint':
    '同时恢复解压后的源码树，逐字节一致，并像 Go 一样设为只读。编辑器和工具可立即看到源码。',
  'restore.mode.toolchain': '通过 go 命令',
  'restore.mode.toolchainHint':
    'ModVault 在 127.0.0.1 上提供快照，由 `go mod download` 从中获取单个项目的模块，并逐一对照 go.sum 校验。运行时可看到 go 的输出。',
  'restore.mode.toolchainNeedsOne':
    '通过 go 命令恢复只针对一个项目：请选择“项目所需的内容”并只填写一个文件夹。',
  'restore.scope.target': '恢复到',
  'restore.scope.targetLive': (p: { path: string }) => `当前使用的模块缓存（${p.path}）`,
  'restore.scope.targetOther': '其他文件夹',
  'restore.scope.targetPlaceholder': '/mnt/new-machine/go/pkg/mod',
  'restore.scope.repair': '替换损坏的版本',
  'restore.scope.repairHint': '原有文件移入隔离区，可以放回。',
  'restore.scope.gocache': '同时恢复构建缓存',
  'restore.scope.gocacheHint': '条目的时间设为今天，以免 Go 立即清理它们。',
  'restore.scope.links': '相同文件只写一次',
  'restore.scope.linksHint': '同一模块各版本共有的文件改为硬链接（均为只读）：更快、更省空间。',

  'restore.preview.planning': '正在比较快照与缓存…',
  'restore.preview.title': (p: { id: string }) => `快照 ${p.id} 的恢复计划`,
  'restore.preview.intoLive': (p: { path: string }) => `恢复到当前使用的模块缓存 ${p.path}`,
  'restore.preview.into': (p: { path: string }) => `恢复到 ${p.path}`,
  'restore.preview.notInSnapshot': (p: { n: number; list: string }) =>
    `此快照中没有以下 ${p.n} 项，因此不会恢复：${p.list}。`,
  'restore.status.missing': '缺失',
  'restore.status.incomplete': '不完整',
  'restore.status.damaged': '已损坏',
  'restore.status.present': '已存在',
  'restore.statusHint.missing': '缓存中完全没有：将被恢复。',
  'restore.statusHint.incomplete': '缺少部分内容（zip、校验和、源码树）：只写入缺少的部分。',
  'restore.statusHint.damaged': '已损坏，或与快照不同。',
  'restore.statusHint.present': '完好：不会被改动。',
  'restore.preview.damagedLeft': '保持不变：打开“替换损坏的版本”才会替换它们。',
  'restore.preview.space': (p: { needed: number; free: number }, f: Fmt) =>
    `需要 ${f.bytes(p.needed)} 磁盘空间；可用 ${f.bytes(p.free)}。`,
  'restore.preview.noSpace':
    '该卷空间不足。请释放空间、恢复更少的内容（单个项目、快速方式）或恢复到其他文件夹。',
  'restore.preview.nothing': '无需恢复：范围内的每个版本都已存在。',
  'restore.preview.unavailable': (p: N, f: Fmt) =>
    `项目所列的 ${versions(p.n, f)}不在此快照中；Go 需要时会自行下载。`,
  'restore.preview.mismatches': (p: N, f: Fmt) =>
    `快照中有 ${versions(p.n, f)}与你的 go.sum 不符（可能被篡改），不会被恢复。`,
  'restore.preview.sumdb': (p: N, f: Fmt) => `另有 ${f.count(p.n)} 个校验和数据库文件。`,
  'restore.preview.buildCache': (p: N, f: Fmt) => `另有 ${f.count(p.n)} 个构建缓存条目。`,
  'restore.preview.versions': '将恢复的版本',
  'restore.preview.col.module': '模块',
  'restore.preview.col.version': '版本',
  'restore.preview.col.status': '状态',
  'restore.preview.col.parts': '写入',
  'restore.part.zip': '.zip',
  'restore.part.ziphash': '.ziphash',
  'restore.part.mod': '.mod',
  'restore.part.info': '.info',
  'restore.part.tree': '源码树',
  'restore.preview.col.size': '大小',
  'restore.preview.toolchain': (p: { project: string }) =>
    `将在 ${p.project} 中针对该快照运行 go mod download；其输出会显示在这里。`,
  'restore.start': '立即恢复',

  'restore.mismatch.zip': '恢复出的 zip 与快照的校验和不一致',
  'restore.mismatch.tree': '恢复出的文件与快照的校验和不一致',
  'restore.mismatch.gosum': (p: { project: string }) =>
    `快照的校验和与 ${p.project} 中的 go.sum 不一致`,
  'restore.mismatch.mod': (p: { project: string }) =>
    `快照的 go.mod 与 ${p.project} 中的 go.sum 不一致`,
  'restore.mismatch.expected': '应为',
  'restore.mismatch.actual': '实际',

  'restore.run.running': '正在恢复…',
  'restore.run.output': 'go 命令输出',

  'restore.result.done': '恢复完成',
  'restore.result.problems': '恢复完成，但有问题',
  'restore.result.restored': (p: { n: number; bytes: number; d: string }, f: Fmt) =>
    `已恢复 ${versions(p.n, f)}（${f.bytes(p.bytes)}），用时 ${p.d}。`,
  'restore.result.skipped': (p: N, f: Fmt) => `${versions(p.n, f)}保持原样。`,
  'restore.result.repaired': (p: N, f: Fmt) => `已替换 ${versions(p.n, f)}；原有文件在隔离区中。`,
  'restore.result.verified': (p: { n: number; of: number }, f: Fmt) =>
    `已校验 ${f.count(p.n)} / ${f.count(p.of)}：从磁盘读回后，其哈希与快照的校验和一致。`,
  'restore.result.verifiedProjects': (p: N, f: Fmt) =>
    `它们也与 ${f.count(p.n)} 个项目的 go.sum 一致。`,
  'restore.result.mismatches': '校验和不一致（可能被篡改）',
  'restore.result.mismatchesHint':
    '这些版本未被信任。可能有人改动了备份或项目的 go.sum，也可能是磁盘损坏。使用前请与模块的源码核对。',
  'restore.result.count.restored': '已恢复',
  'restore.result.count.verified': '已校验',
  'restore.result.count.skipped': '保持原样',
  'restore.result.count.failed': '失败',
  'restore.result.count.mismatches': '不一致',
  'restore.result.canceledTitle': '恢复已取消',
  'restore.result.failed': '未能恢复',
  'restore.result.check': '用 Go 再次确认',
  'restore.result.checkHint': '`go mod verify` 会对项目用到的每个模块计算哈希，并与 go.sum 比较。',
  'restore.result.toolchain': (p: { n: number; d: string }, f: Fmt) =>
    `go mod download 从快照获取了 ${f.count(p.n)} 个模块 zip，用时 ${p.d}。`,
  'restore.result.canceled':
    '恢复已取消。已完成的部分保留；不会留下让 Go 误以为完整的半成品。再次运行即可完成。',

  'restore.job.plan': '规划恢复',
  'restore.job.run': '恢复模块缓存',
  'restore.job.toolchain': '通过 go mod download 恢复',
};
