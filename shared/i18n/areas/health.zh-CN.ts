import type { AreaCatalog } from '../catalog';
import type { healthEn } from './health.en';

/** 模块缓存的健康状态、问题横幅的下一步、首次运行和演示缓存。 */
export const healthZhCN: AreaCatalog<typeof healthEn> = {
  'health.unchecked': '尚未检查',
  'health.uncheckedBody': '扫描没有发现问题。校验一次才能确认文件完好。',
  'health.healthy': '健康',
  'health.problems': (p, f) => `${f.count(p.n)} 个版本需要修复`,
  'health.environmentProblems': 'Go 设置需要注意',
  'health.firstRun': '还没有模块缓存',
  'health.firstRunBody': (p) =>
    `一切正常：Go 第一次下载模块时（构建或 go mod download）会创建 ${p.path}。等它存有你的模块后再备份。`,
  'health.gone': '模块缓存已被删除',
  'health.goneBody': (p, f) =>
    `${p.path} 已不存在。快照 ${p.id} 保存了其中的 ${f.count(p.n)} 个版本：恢复后 Go 即可离线构建。`,
  'health.goneNoSnapshot': '模块缓存的大部分已被删除。',
  'health.checkedByVerify': (p) => `校验于${p.when}`,
  'health.checkedByDoctor': (p) => `体检于${p.when}`,
  'health.scanned': (p) => `扫描于${p.when}`,
  'health.clean': (p, f) => `全部 ${f.count(p.n)} 个版本均与校验和一致。`,
  'health.openDoctor': '在体检中修复',
  'health.restore': '恢复…',
  'health.showProblems': '查看损坏的版本',
  'health.sidebar.unchecked': '尚未检查',
  'health.sidebar.firstRun': '还没有模块缓存',

  'job.title.demo.create': '创建演示缓存',
  'job.title.demo.remove': '删除演示缓存',
  'demo.try': '用演示缓存试用 ModVault',
  'demo.tryHint':
    '一个小而真实的模块缓存，由 ModVault 自带的模块生成，放在单独的文件夹中：可以备份、损坏、修复和恢复它。你真正的缓存不会被改动。',
  'demo.banner': (p) =>
    `正在使用演示缓存（${p.path}）：这里看到和做的一切都针对演示缓存，而不是你真正的模块缓存。`,
  'demo.remove': '删除演示',
  'demo.failed': '无法创建演示缓存。',

  'restore.preview.tileDetail': (p, f) => `模块文件 ${f.bytes(p.bytes)}`,
  'restore.preview.tileHint':
    '这些版本的文件解压后的大小。恢复实际写入的内容（压缩的 zip，完整模式下还有解压后的目录）见下方。',
  'restore.preview.writesQuick': (p, f) =>
    `向磁盘写入 ${f.count(p.n)} 个版本：zip 共 ${f.bytes(p.bytes)}，另有很小的 .mod 和 .info 文件（Go 在构建需要时解压 zip）。`,
  'restore.preview.writesFull': (p, f) =>
    `向磁盘写入 ${f.count(p.n)} 个版本：zip 和解压后的目录共 ${f.bytes(p.bytes)}。`,

  'banner.next.doctor': '在体检中修复',
  'banner.next.restore': '恢复…',
  'banner.next.activity': '查看经过',
  'banner.next.store': '修复备份库',

  'backup.disabled.gone': '模块缓存已被删除：没有可备份的内容。请先恢复它。',
  'backup.disabled.firstRun': '还没有模块缓存：在 Go 下载模块之前没有可备份的内容。',

  'modules.problem.bySource.scan': '扫描发现',
  'modules.problem.bySource.verify': '校验发现',
  'modules.problem.bySource.doctor': '体检发现',

  'reason.environment': (p, f) =>
    p.errors
      ? `体检发现 Go 设置有 ${f.count(p.errors)} 个问题。`
      : `体检发现 Go 设置有 ${f.count(p.warnings)} 个警告。`,
  'reason.store-damaged': (p) => `备份库已损坏（${p.path}）：修复之前无法备份或恢复。`,
  'reason.store-blobs-damaged': (p, f) =>
    `有 ${f.count(p.n)} 块已备份的数据丢失或损坏：${f.count(p.snapshots)} 个快照无法完整恢复。下一次备份会重新存入缓存中仍有的内容。`,
};
