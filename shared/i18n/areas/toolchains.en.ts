// Modern Go: the Toolchains category (golang.org/toolchain versions) and where settings come from.

export const toolchainsEn = {
  'toolchains.category': 'Toolchains',
  'toolchains.summary': (p: { count: string; size: string }) =>
    `${p.count} Go toolchain(s) downloaded by GOTOOLCHAIN · ${p.size}`,
  'toolchains.filter': 'Toolchains',
  'env.source.environment': 'environment',
  'env.source.env-file': 'go env -w',
  'env.source.default': 'default',
  'env.source.override': 'ModVault option',
  'env.source.demo': 'demo cache',
  'env.sourceTitle': (p: { name: string; source: string }) => `${p.name} comes from: ${p.source}`,
  'env.gotoolchain': 'GOTOOLCHAIN',
};
