import type { AreaCatalog } from '../catalog';
import type { cleanWordsEn } from './clean-words.en';

/** 清理引擎给出的理由与说明，以及隔离区的来源。 */
export const cleanWordsZhCN: AreaCatalog<typeof cleanWordsEn> = {
  'cleanup.reason.unused': (p, f) => `扫描到的 ${f.count(p.n)} 个项目都没有使用`,
  'cleanup.reason.unusedOlder': (p, f) =>
    `扫描到的 ${f.count(p.n)} 个项目都没有使用，且下载于 ${f.duration(p.age)}之前`,
  'cleanup.reason.modcache': '整个模块缓存（相当于 go clean -modcache）',
  'cleanup.reason.gocacheAll': '全部构建缓存条目（相当于 go clean -cache）',
  'cleanup.reason.testcache': '让所有缓存的测试结果过期（相当于 go clean -testcache）',
  'cleanup.reason.fuzzcache': '模糊测试语料（相当于 go clean -fuzzcache）',
  'cleanup.reason.gocacheOlder': (p, f) => `超过 ${f.duration(p.age)}未使用`,
  'cleanup.reason.gocacheSize': (p, f) => `缓存超过 ${f.bytes(p.max)} 时最久未使用的条目`,
  'cleanup.reason.partial':
    '解压了一半的目录（被中断的 go 命令留下的 .partial）；Go 会从 zip 重新解压',
  'cleanup.reason.leftover.tmp-file': '被中断的下载留下的临时文件',
  'cleanup.reason.leftover.tmp-dir': '被中断的解压留下的临时文件夹',
  'cleanup.reason.leftover.partial-file': '被中断的解压留下的 .partial 标记',
  'cleanup.reason.leftover.orphan-dir': '名称不是 Go 可用的模块版本的文件夹',

  'cleanup.note.gocacheOff': 'GOCACHE 已关闭：没有可清理的构建缓存。',
  'cleanup.note.testWithCache': '测试结果随构建缓存条目一起清理；testexpire.txt 保持不变。',
  'cleanup.note.noGo': '找不到 Go，因此由 ModVault 自己删除了缓存（与 go clean 的效果相同）。',
  'cleanup.note.deselected': (p, f) => `${f.count(p.n)} 个选中的项已不在计划中，未作处理。`,
  'cleanup.note.skipped': (p) => `已跳过 ${p.path}：${p.reason}。`,
  'cleanup.note.noGoSum': (p) =>
    `${p.dir} 没有 go.sum：只有它的 go.mod 中列出的版本算作正在使用（请先在那里运行 go mod tidy）。`,
  'cleanup.note.malformed': (p, f) => `${p.file}：有 ${f.count(p.n)} 行无法读取。`,
  'cleanup.note.unreadable': (p) => `无法读取 ${p.file}（${p.error}）。`,

  'quarantine.origin.doctor': '诊断修复',
  'quarantine.origin.restore': '恢复（替换了损坏的副本）',
  'quarantine.origin.clean': (p) => `清理：${p.kind}`,

  'cleanup.result.freedLater': (p, f) =>
    `已将 ${f.bytes(p.size)} 移到隔离区：清除隔离区时才会释放空间，时间为 ${f.date(p.when)}（也可以点“立即清除”马上释放）。`,
  'cleanup.result.purgeNow': '立即清除',
  'cleanup.result.purgedNow': (p, f) => `已清除：释放了 ${f.bytes(p.size)}。这次清理无法再撤销。`,
  'cleanup.result.deletedFreed': (p, f) => `已释放 ${f.bytes(p.size)}。`,
};
