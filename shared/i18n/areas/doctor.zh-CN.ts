import type { AreaCatalog } from '../catalog';
import type { doctorEn } from './doctor.en';

export const doctorZhCN: AreaCatalog<typeof doctorEn> = {
  'nav.doctor': '诊断',

  'doctor.title': '诊断',
  'doctor.subtitle': '找出会让构建出错的问题，解释原因并修复',
  'doctor.deep': '深度检查（计算已解压文件的哈希）',
  'doctor.recheck': '重新检查',
  'doctor.fixAll': (p, f) => `全部修复（${f.count(p.n)}）`,
  'doctor.fixGroup': (p, f) => `修复这些（${f.count(p.n)}）`,
  'doctor.fix': '修复',
  'doctor.checking': '正在检查 Go 环境和模块缓存…',
  'doctor.count.error': () => '个错误',
  'doctor.count.warning': () => '个警告',
  'doctor.count.info': () => '条提示',
  'doctor.meta': (p, f) => `比对了 ${f.count(p.n)} 个项目的 go.sum · 用时 ${p.d}`,
  'doctor.metaNoProjects': (p) => `未比对任何项目的 go.sum · 用时 ${p.d}。`,
  'doctor.addProjects': '添加项目文件夹',
  'doctor.healthy': '没有需要修复的问题',
  'doctor.healthyBody': '工具链、缓存和每个模块版本都正常。下面的提示仅供参考。',
  'doctor.group.error': (p, f) => `错误（${f.count(p.n)}）`,
  'doctor.group.warning': (p, f) => `警告（${f.count(p.n)}）`,
  'doctor.group.info': (p, f) => `提示（${f.count(p.n)}）`,
  'doctor.area.environment': '环境',
  'doctor.area.cache': '模块缓存',
  'doctor.area.projects': '项目',

  'doctor.check.go': 'Go 工具链',
  'doctor.check.gocache-off': '构建缓存已关闭',
  'doctor.check.gomodcache': '模块缓存文件夹',
  'doctor.check.gocache': '构建缓存文件夹',
  'doctor.check.owner': '缓存属于其他用户',
  'doctor.check.writable': '缓存不可写',
  'doctor.check.free-space': '可用磁盘空间',
  'doctor.check.goflags': 'Go 参数（GOFLAGS）',
  'doctor.check.goproxy': '模块代理（GOPROXY）',
  'doctor.check.gosumdb': '校验和数据库（GOSUMDB）',
  'doctor.check.private-patterns': '私有模块匹配规则',

  'doctor.explain.zip-mismatch':
    'zip 与其 .ziphash 不再一致（go mod verify 报告“zip has been modified”）。如果目录缺失，Go 会从这个 zip 解压，并用其中的内容构建。',
  'doctor.explain.tree-mismatch':
    '已解压的文件与模块的哈希不一致（“dir has been modified”）：构建会毫无报错地编译被改动过的源码。',
  'doctor.explain.gosum-mismatch':
    '缓存与项目 go.sum 中记录的校验和不一致：zip 和 .ziphash 被一致地篡改，而 go mod verify 仍会报告“all modules verified”。',
  'doctor.explain.mod-mismatch':
    '缓存中的 go.mod 与项目的 go.sum 不一致：Go 计算出的模块图可能有误，并会以校验和不匹配而失败。',
  'doctor.explain.gosum-conflict':
    '两个项目为同一版本记录了不同的校验和；最多只有一个正确，另一个项目会因“checksum mismatch”失败（或已被篡改）。',
  'doctor.explain.zip-unreadable':
    'zip 被截断或损坏：Go 会报错“zip: not a valid zip file”，而且不会自行修复。',
  'doctor.explain.zip-invalid': 'zip 违反了模块 zip 的规则：Go 拒绝解压它。',
  'doctor.explain.ziphash-invalid':
    '.ziphash 不是格式正确的哈希：Go 会当作缺失，从 zip 重新计算，因此损坏的 zip 也会被信任。',
  'doctor.explain.ziphash-missing':
    'Go 会离线从 zip 重新计算缺失的 .ziphash；不会出错，但 zip 会被原样信任。',
  'doctor.explain.mod-missing': '没有 .mod 文件时，即使目录存在，Go 也需要联网才能使用这个版本。',
  'doctor.explain.mod-unreadable':
    '.mod 文件无法读取（权限问题）：在能读取或重新获取它之前，go 无法加载模块图。',
  'doctor.explain.info-invalid':
    'Go 会把无法解析的 .info 当作不存在：构建正常，但 go list -m 和 go mod download 在离线时失败，把缓存用作代理也会出错。',
  'doctor.explain.tree-only': 'zip 和 .ziphash 已丢失：Go 认为这个版本不完整，需要联网才能使用。',
  'doctor.explain.partial':
    '解压被中断（留有 .partial 标记）：Go 下次使用时会删除该目录并从 zip 重新解压。',
  'doctor.explain.tree-unreadable': '已解压目录中的文件无法读取：用到它的构建会失败。',
  'doctor.explain.leftover':
    '中断的 go 命令留下的临时文件：无害，但占用空间，而且 Go 不会清理其中的一些。',

  'doctor.action.reextract-tree': '从已校验的 zip 重新解压目录。',
  'doctor.action.rebuild-ziphash': '根据已校验的 zip 重新写入 .ziphash。',
  'doctor.action.rebuild-mod': '根据已校验 zip 中的 go.mod 重新写入 .mod。',
  'doctor.action.restore-from-snapshot': '从包含该版本的最新 ModVault 快照中恢复。',
  'doctor.action.redownload': '把损坏的文件移到一边，并通过你的 GOPROXY 重新下载该版本。',
  'doctor.action.remove-leftover': '把残留文件移到隔离区。',
  'doctor.actionName.reextract-tree': '已重新解压',
  'doctor.actionName.rebuild-ziphash': '已重写 .ziphash',
  'doctor.actionName.rebuild-mod': '已重写 .mod',
  'doctor.actionName.restore-from-snapshot': '已从快照恢复',
  'doctor.actionName.redownload': '已重新下载',
  'doctor.actionName.remove-leftover': '已移走残留文件',

  'doctor.repairsTitle': '修复结果',
  'doctor.repairsSummary': (p, f) => `重新检查确认了 ${f.count(p.n)} / ${f.count(p.total)} 项修复`,
  'doctor.verified': '已验证',
  'doctor.notVerified': '未验证',
  'doctor.failed': '失败',
  'doctor.setAside': '被替换的内容在隔离区中。',
  'doctor.undoInCleanup': '可在“清理”页撤销',

  'job.title.doctor.fix': '诊断并修复',
  'job.title.doctor.run': '诊断检查',
};
