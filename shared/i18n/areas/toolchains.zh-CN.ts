import type { AreaCatalog } from '../catalog';
import type { toolchainsEn } from './toolchains.en';

/** 新版 Go：“工具链”类别（golang.org/toolchain 版本），以及每项设置的来源。 */
export const toolchainsZhCN: AreaCatalog<typeof toolchainsEn> = {
  'toolchains.category': '工具链',
  'toolchains.summary': (p) => `GOTOOLCHAIN 下载的 Go 工具链 ${p.count} 个 · ${p.size}`,
  'toolchains.filter': '工具链',
  'env.source.environment': '环境变量',
  'env.source.env-file': 'go env -w',
  'env.source.default': '默认值',
  'env.source.override': 'ModVault 选项',
  'env.source.demo': '演示缓存',
  'env.sourceTitle': (p) => `${p.name} 的来源：${p.source}`,
  'env.gotoolchain': 'GOTOOLCHAIN',
  'settings.goEnv': 'Go 设置',
  'settings.goEnvHint':
    'go 命令使用的设置及每个值的来源。请在终端（环境变量）中或用 go env -w 修改；ModVault 只读取，从不写入。',
};
