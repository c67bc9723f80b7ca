import type { AreaCatalog } from '../catalog';
import type { historyEn } from './history.en';

/** 仪表盘的“大小变化”图表，以及从丢失的缓存到恢复页面的入口。 */
export const historyZhCN: AreaCatalog<typeof historyEn> = {
  'history.title': '大小变化',
  'history.hint': '每次备份时此模块缓存占用的磁盘空间（zip 和已解压的目录，与上方一致）',
  'history.label': '每次备份时模块缓存占用的磁盘空间',
  'history.emptyTitle': '此缓存还没有备份',
  'history.emptyBody': '每次备份都会在这里添加一个点：当时模块缓存的大小和其中的版本数。',
  'history.one': '目前只有一次备份：下一次备份后就能连成曲线。',
  'status.restore': '恢复…',
};
