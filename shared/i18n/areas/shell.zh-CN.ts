import type { AreaCatalog } from '../catalog';
import type { shellEn } from './shell.en';

/** 应用的框架：可折叠的侧边栏、提示消息、“活动”页的分组与筛选，以及每类任务的一行结果。 */
export const shellZhCN: AreaCatalog<typeof shellEn> = {
  'nav.collapse': '收起侧边栏',
  'nav.expand': '展开侧边栏',
  'cleanup.col.downloaded': '下载时间',
  'host.this': '本机',
  'host.other': (p) => `其他计算机（${p.host}）`,

  'activity.filter': '显示任务',
  'activity.kind.all': '你执行的操作',
  'activity.kind.backup': '备份',
  'activity.kind.restore': '恢复',
  'activity.kind.cleanup': '清理',
  'activity.kind.check': '检查',
  'activity.kind.background': '后台',
  'activity.folded': (p, f) => `${f.count(p.n)} 个后台任务（重新扫描、统计、预览）`,
  'activity.foldedHint': '显示',
  'activity.noneOfKind': '自 ModVault 启动以来没有这类任务。',
  'activity.result': '结果',

  'job.summary.scan': (p, f) => `${f.count(p.versions)} 个版本 · ${f.bytes(p.bytes)}`,
  'job.summary.scanMissing': '没有模块缓存',
  'job.summary.verify': (p, f) =>
    `已检查 ${f.count(p.n)} 个 · ${p.problems ? `${f.count(p.problems)} 个问题` : '全部正常'}`,
  'job.summary.projects': (p, f) => `找到 ${f.count(p.n)} 个项目`,
  'job.summary.gocache': (p, f) => `${f.count(p.n)} 个条目 · ${f.bytes(p.bytes)}`,
  'job.summary.gocacheMissing': '没有构建缓存',
  'job.summary.snapshot': (p, f) =>
    `${f.count(p.versions)} 个版本 · 新增 ${f.count(p.fresh)} 个 · 增加 ${f.bytes(p.bytes)}`,
  'job.summary.forgetPreview': (p, f) =>
    `将保留 ${f.count(p.keep)} 个，删除 ${f.count(p.remove)} 个`,
  'job.summary.forget': (p, f) => `已删除 ${f.count(p.remove)} 个快照，保留 ${f.count(p.keep)} 个`,
  'job.summary.prunePreview': (p, f) => `可释放 ${f.bytes(p.bytes)}`,
  'job.summary.prune': (p, f) => `已释放 ${f.bytes(p.bytes)}`,
  'job.summary.check': (p, f) =>
    `${f.count(p.snapshots)} 个快照 · ${p.problems ? `${f.count(p.problems)} 个问题` : '没有问题'}`,
  'job.summary.diff': (p, f) =>
    `新增 ${f.count(p.added)} · 移除 ${f.count(p.removed)} · 变化 ${f.count(p.changed)}`,
  'job.summary.export': (p, f) => `${f.count(p.versions)} 个版本 · ${f.bytes(p.bytes)}`,
  'job.summary.import': (p, f) => `已导入 ${f.count(p.versions)} 个版本`,
  'job.summary.cleanPlan': (p, f) => `${f.count(p.n)} 项 · 可释放 ${f.bytes(p.bytes)}`,
  'job.summary.cleanMoved': (p, f) =>
    `已将 ${f.count(p.n)} 项移入隔离区（${f.bytes(p.bytes)}）${
      p.failed ? ` · ${f.count(p.failed)} 项失败` : ''
    }`,
  'job.summary.cleanDeleted': (p, f) =>
    `已删除 ${f.count(p.n)} 项 · 释放 ${f.bytes(p.bytes)}${
      p.failed ? ` · ${f.count(p.failed)} 项失败` : ''
    }`,
  'job.summary.undo': (p, f) =>
    `已放回 ${f.count(p.n)} 项${p.conflicts ? ` · ${f.count(p.conflicts)} 项保留原样` : ''}`,
  'job.summary.purge': (p, f) => `已释放 ${f.bytes(p.bytes)}`,
  'job.summary.doctor': (p, f) =>
    p.errors + p.warnings === 0
      ? '没有发现问题'
      : [
          p.errors ? `${f.count(p.errors)} 个错误` : '',
          p.warnings ? `${f.count(p.warnings)} 个警告` : '',
        ]
          .filter(Boolean)
          .join(' · '),
  'job.summary.doctorFixed': (p, f) => `已修复 ${f.count(p.fixed)} 项 · 剩余 ${f.count(p.left)} 项`,
  'job.summary.restorePlan': (p, f) => `待恢复 ${f.count(p.n)} 个版本 · 需写入 ${f.bytes(p.bytes)}`,
  'job.summary.restore': (p, f) => `已恢复 ${f.count(p.n)} 个版本 · 写入 ${f.bytes(p.bytes)}`,
  'job.summary.toolchain': (p, f) => `已提供 ${f.count(p.served)} 个 · go 退出码 ${p.exitCode}`,
  'job.summary.demo': (p, f) => `演示缓存已就绪：${f.count(p.versions)} 个版本`,
  'job.summary.demoRemoved': '演示缓存已删除',
  'job.summary.demoNone': '没有演示缓存',
  'job.summary.repairRebuilt': (p, f) =>
    `索引已重建 · ${f.count(p.snapshots)} 个快照${p.damaged ? ` · ${f.count(p.damaged)} 个损坏的数据块` : ''}`,
  'job.summary.repairChecked': (p, f) =>
    `索引完好 · ${f.count(p.snapshots)} 个快照${p.damaged ? ` · ${f.count(p.damaged)} 个损坏的数据块` : ''}`,
  'job.summary.remoteSnapshots': (p, f) => `远程存储上有 ${f.count(p.n)} 个快照`,
  'job.summary.remoteEmpty': '尚未向此远程存储推送任何内容',
  'job.summary.push': (p, f) => `已推送 ${f.count(p.n)} 个快照 · 上传 ${f.bytes(p.bytes)}`,
  'job.summary.publish': (p, f) =>
    `已发布 ${f.count(p.versions)} 个版本 · 上传 ${f.bytes(p.bytes)}`,

  'toast.repeated': (p) => `已发生 ${p.n} 次`,

  'why.doctorRunning': '请等待检查完成',
  'why.nothingToFix': '发现的问题都无法自动修复',
  'why.retentionNoRules': '请先设置要保留多少个快照',
  'why.retentionNothing': '按这些规则所有快照都会保留',
  'why.retentionPreviewing': '正在计算这些规则会保留哪些快照…',
  'why.backupRunning': '正在备份',
  'why.deleteLatest': '请先勾选上面的选项，才能删除最新的快照',
  'why.exportNoDestination': '请输入导出位置',
  'why.compareNoPick': '请选择要比较的快照',
  'why.compareSame': '请选择两个不同的快照',
  'why.typePath': '请先输入文件夹路径',
  'why.samePath': '这就是当前使用的文件夹',
  'why.needsRoots': '请先在设置中添加项目文件夹',
  'why.nothingExpired': '隔离区中还没有到期的内容',
  'why.purgeBusy': '请等待隔离区操作完成',
  'why.confirmDelete': '请先勾选上面的确认选项',
  'why.noTargets': '请至少选择一项要清理的内容',
  'why.planning': '正在生成预览…',
  'why.nothingSelected': '请至少选择一项',
  'why.blocked': '请先解决预览中指出的阻止清理的问题',
  'why.timingInvalid': '请先修正时间设置',
  'why.noDays': '请至少选择一天',
  'why.scheduleRunning': '正在运行',
  'why.scheduleOff': '请先启用此计划',
  'why.toolchainNeedsOne': '请选择“项目需要的模块”，并且只填写一个项目文件夹',
  'why.toolchainLocalOnly': '只有本机上的快照才能通过 go 命令恢复',
  'why.noCache': '没有可检查的模块缓存',
  'why.verifying': '正在校验',
  'why.nothingToRestore': '没有缺失或损坏的内容：缓存中已全部具备',
  'why.noSpace': '可用空间不足，无法恢复',
  'why.noPlan': '预览尚未就绪',
  'why.noSnapshot': '请先选择一个快照',
};
