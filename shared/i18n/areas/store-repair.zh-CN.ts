import type { AreaCatalog } from '../catalog';
import type { storeRepairEn } from './store-repair.en';

export const storeRepairZhCN: AreaCatalog<typeof storeRepairEn> = {
  'snapshots.checkKind.index-behind': '索引过旧',
  'snapshots.checkKind.manifest-damaged': '清单已损坏',
  'snapshots.checkKind.manifest-missing': '清单缺失',
  'snapshots.checkKind.blob-lost': '需重新存储的数据',
  'snapshots.checkFix': (p) => `处理方法：${p.fix}`,

  'storeRepair.readOnly': '只读',
  'storeRepair.readOnlyHint':
    '此备份库无法写入（只读磁盘或其他账户的文件夹）。可以列出、比较、检查、导出和恢复，但不能备份。',
  'storeRepair.damagedTitle': '备份库已损坏',
  'storeRepair.repair': '修复',
  'storeRepair.repairHint':
    '修复会根据数据包和快照清单重建索引，并回读每个数据包。它从不删除任何内容：无法读取的部分会移到备份库的 damaged 文件夹中。',
  'storeRepair.ok': '所有快照都完整',
  'storeRepair.bad': (p, f) => `${f.count(p.n)} 个快照缺少数据`,
  'storeRepair.rebuilt': (p, f) =>
    `索引（${p.state}）已根据 ${f.count(p.packs)} 个数据包和快照清单重建。`,
  'storeRepair.checked': (p, f) => `索引完好；已回读所有数据包（${f.bytes(p.size)}）。`,
  'storeRepair.counts': (p, f) =>
    `${f.count(p.snapshots)} 个快照 · ${f.count(p.added)} 个数据包加入索引 · 记录了 ${f.count(p.damaged)} 个损坏的数据块`,
  'storeRepair.state.ok': '完好',
  'storeRepair.state.missing': '缺失',
  'storeRepair.state.empty': '为空',
  'storeRepair.state.garbled': '不是数据库',
  'storeRepair.state.unreadable': '无法读取',
  'storeRepair.state.no-schema': '缺少备份库的表',
  'storeRepair.state.corrupt': '已损坏',
  'storeRepair.state.behind': '过旧',
  'storeRepair.recovered': (p) => `已找回的快照：${p.ids}`,
  'storeRepair.movedAside': '已移到一旁（保留，未删除）',
  'storeRepair.lost': (p, f) =>
    `快照 ${p.id}：丢失 ${f.count(p.versions)} 个模块版本和 ${f.count(p.files)} 个其他文件（${f.bytes(p.size)}）`,
  'storeRepair.lostHint':
    '请在模块缓存仍保留丢失内容时进行备份：这些内容会被重新存储，这些快照也会重新完整可恢复。',

  'job.title.store.repair': '修复备份库',
};
