import type { AreaCatalog } from '../catalog';
import type { desktopEn } from './desktop.en';

/** 桌面外壳与其引擎进程：引擎停止后重新连接，以及引擎无法在此机器上运行。 */
export const desktopZhCN: AreaCatalog<typeof desktopEn> = {
  'desktop.reconnecting': 'ModVault 引擎已停止，正在重新启动…',
  'desktop.engineFailed': 'ModVault 引擎无法启动',
};
