import type { AreaCatalog } from '../catalog';
import type { healthEn } from './health.en';

/** 模块缓存的健康状态、问题横幅的下一步、首次运行和演示缓存。 */
export const healthZhCN: AreaCatalog<typeof healthEn> = {
  'reason.environment': (p, f) =>
    p.errors
      ? `体检发现 Go 设置有 ${f.count(p.errors)} 个问题。`
      : `体检发现 Go 设置有 ${f.count(p.warnings)} 个警告。`,
};
