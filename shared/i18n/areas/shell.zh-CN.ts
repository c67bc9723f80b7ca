import type { AreaCatalog } from '../catalog';
import type { shellEn } from './shell.en';

/** 应用的框架：可折叠的侧边栏、提示消息、“活动”页的分组与筛选，以及每类任务的一行结果。 */
export const shellZhCN: AreaCatalog<typeof shellEn> = {
  'nav.collapse': '收起侧边栏',
  'nav.expand': '展开侧边栏',
  'cleanup.col.downloaded': '下载时间',
};
