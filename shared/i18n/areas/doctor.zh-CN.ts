import type { AreaCatalog } from '../catalog';
import type { doctorEn } from './doctor.en';

export const doctorZhCN: AreaCatalog<typeof doctorEn> = {
  'nav.doctor': '诊断',

  'doctor.title': '诊断',
  'doctor.subtitle': '找出会让构建出错的问题，解释原因并修复',
  'doctor.deep': '深度检查（计算已解压文件的哈希）',
  'doctor.recheck': '重新检查',
  'doctor.fixAll': (p, f) => `全部修复（${f.count(p.n)}）`,
  'doctor.fixGroup': (p, f) => `修复这些（${f.count(p.n)}）`,
  'doctor.fix': '修复',
  'doctor.checking': '正在检查 Go 环境和模块缓存…',
  'doctor.count.error': () => '个错误',
  'doctor.count.warning': () => '个警告',
  'doctor.count.info': () => '条提示',
  'doctor.meta': (p, f) => `比对了 ${f.count(p.n)} 个项目的 go.sum · 用时 ${p.d}`,
  'doctor.metaNoProjects': (p) => `未比对任何项目的 go.sum · 用时 ${p.d}。`,
  'doctor.addProjects': '添加项目文件夹',
  'doctor.healthy': '没有需要修复的问题',
  'doctor.healthyBody': '工具链、缓存和每个模块版本都正常。下面的提示仅供参考。',
  'doctor.group.error': (p, f) => `错误（${f.count(p.n)}）`,
  'doctor.group.warning': (p, f) => `警告（${f.count(p.n)}）`,
  'doctor.group.info': (p, f) => `提示（${f.count(p.n)}）`,
  'doctor.area.environment': '环境',
  'doctor.area.cache': '模块缓存',
  'doctor.area.projects': '项目',

  'doctor.check.go': 'Go 工具链',
  'doctor.check.gocache-off': '构建缓存已关闭',
  'doctor.check.gomodcache': '模块缓存文件夹',
  'doctor.check.gocache': '构建缓存文件夹',
  'doctor.check.owner': '缓存属于其他用户',
  'doctor.check.writable': '缓存不可写',
  'doctor.check.free-space': '可用磁盘空间',
  'doctor.check.goflags': 'Go 参数（GOFLAGS）',
  'doctor.check.goproxy': '模块代理（GOPROXY）',
  'doctor.check.gosumdb': '校验和数据库（GOSUMDB）',
  'doctor.check.private-patterns': '私有模块匹配规则',

  'doctor.explain.zip-mismatch':
    'zip 与其 .ziphash 不再一致（go mod verify 报告“zip has been modified”）。如果目录缺失，Go 会从这个 zip 解压，并用其中的内容构建。',
  'doctor.explain.tree-mismatch':
    '已解压的文件与模块的哈希不一致（“dir has been modified”）：构建会毫无报错地编译被改动过的源码。',
  'doctor.explain.gosum-mismatch':
    '缓存与项目 go.sum 中记录的校验和不一致：zip 和 .ziphash 被一致地篡改，而 go mod verify 仍会报告“all modules verified”。',
  'doctor.explain.mod-mismatch':
    '缓存中的 go.mod 与项目的 go.sum 不一致：Go 计算出的模块图可能有误，并会以校验和不匹配而失败。',
  'doctor.explain.gosum-conflict':
    '两个项目为同一版本记录了不同的校验和；最多只有一个正确，另一个项目会因“checksum mismatch”失败（或已被篡改）。',
  'doctor.explain.zip-unreadable':
    'zip 被截断或损坏：Go 会报错“zip: not a valid zip file”，而且不会自行修复。',
  'doctor.explain.zip-invalid': 'zip 违反了模块 zip 的规则：Go 拒绝解压它。',
  'doctor.explain.ziphash-invalid':
    '.ziphash 不是格式正确的哈希：Go 会当作缺失，从 zip 重新计算，因此损坏的 zip 也会被信任。',
  'doctor.explain.ziphash-missing':
    'Go 会离线从 zip 重新计算缺失的 .ziphash；不会出错，但 zip 会被原样信任。',
  'doctor.explain.mod-missing': '没有 .mod 文件时，即使目录存在，Go 也需要联网才能使用这个版本。',
  'doctor.explain.mod-unreadable':
    '.mod 文件无法读取（权限问题）：在能读取或重新获取它之前，go 无法加载模块图。',
  'doctor.explain.info-invalid':
    'Go 会把无法解析的 .info 当作不存在：构建正常，但 go list -m 和 go mod download 在离线时失败，把缓存用作代理也会出错。',
  'doctor.explain.tree-only': 'zip 和 .ziphash 已丢失：Go 认为这个版本不完整，需要联网才能使用。',
  'doctor.explain.partial':
    '解压被中断（留有 .partial 标记）：Go 下次使用时会删除该目录并从 zip 重新解压。',
  'doctor.explain.tree-unreadable': '已解压目录中的文件无法读取：用到它的构建会失败。',
  'doctor.explain.leftover':
    '中断的 go 命令留下的临时文件：无害，但占用空间，而且 Go 不会清理其中的一些。',

  'doctor.action.reextract-tree': '从已校验的 zip 重新解压目录。',
  'doctor.action.rebuild-ziphash': '根据已校验的 zip 重新写入 .ziphash。',
  'doctor.action.rebuild-mod': '根据已校验 zip 中的 go.mod 重新写入 .mod。',
  'doctor.action.restore-from-snapshot': '从包含该版本的最新 ModVault 快照中恢复。',
  'doctor.action.redownload': '把损坏的文件移到一边，并通过你的 GOPROXY 重新下载该版本。',
  'doctor.action.remove-leftover': '把残留文件移到隔离区。',
  'doctor.fix.conflict':
    '先弄清哪一行是对的（校验和数据库知道：取消 GOSUMDB=off，并在每个项目中运行 `go mod verify`），从那个 go.sum 中删除错误的行，再在那里运行 `go mod tidy`。',
  'doctor.fix.conflicted':
    '各个 go.sum 对这个版本的记录不一致（见 gosum-conflict 问题）：请先修正错误的 go.sum。',

  'doctor.env.goFound.message': (p) => `已安装 Go ${p.version}（${p.binary}）。`,
  'doctor.env.goFound.explanation': 'ModVault 通过它得知缓存的位置，并用它重新下载模块。',
  'doctor.env.goMissing.message': (p) => `找不到 go 命令（${p.error}）。`,
  'doctor.env.goMissing.explanation':
    '没有 Go 时，ModVault 使用 Go 的默认缓存位置，无法重新下载模块；你的项目也无法构建。',
  'doctor.env.goMissing.fix':
    '从 https://go.dev/dl 安装 Go（Debian/Ubuntu：apt-get install golang-go），或把 MODVAULT_GO 设为 go 可执行文件的路径。',
  'doctor.env.gocacheOff.message': 'GOCACHE=off：构建缓存已被禁用。',
  'doctor.env.gocacheOff.explanation':
    '从 Go 1.12 起，没有构建缓存时 go 命令拒绝构建模块（“build cache is disabled by GOCACHE=off, but required”）。',
  'doctor.env.gocacheOff.fix':
    '取消设置 GOCACHE（`go env -u GOCACHE`，并从 shell 配置文件中删除它）。',
  'doctor.env.gomodcacheMissing.explanation':
    '下次构建时所有模块都要重新下载，需要联网（可能是被 `go clean -modcache` 或清理工具删除了）。',
  'doctor.env.gomodcacheDeleted.message': (p) =>
    `模块缓存（GOMODCACHE）${p.dir} 已被删除；快照 ${p.snapshot} 保存了其中的 ${p.n} 个版本。`,
  'doctor.env.gomodcacheDeleted.fix': (p) => `从快照 ${p.snapshot} 恢复它。`,
  'doctor.env.gomodcacheFirstRun.message': (p) =>
    `还没有模块缓存：Go 第一次下载模块时会创建 ${p.dir}。`,
  'doctor.env.gomodcacheFirstRun.explanation':
    '一切正常：这台机器上的 Go 还没有下载过任何模块。第一次构建或 go mod download 会填充缓存；等它存有你的模块后再备份。',
  'doctor.env.gocacheMissing.message': (p) => `构建缓存（GOCACHE）${p.dir} 不存在。`,
  'doctor.env.gocacheMissing.explanation': 'Go 会在下次构建时创建它；最初几次构建会慢一些。',
  'doctor.env.gomodcacheFile.message': (p) =>
    `模块缓存（GOMODCACHE）${p.dir} 是一个文件，而不是文件夹。`,
  'doctor.env.gocacheFile.message': (p) => `构建缓存（GOCACHE）${p.dir} 是一个文件，而不是文件夹。`,
  'doctor.env.cacheFile.explanation': 'go 命令的每次下载或构建都会失败。',
  'doctor.env.cacheFile.fix': (p) => `把那个文件移走，或把 ${p.name} 指向一个文件夹。`,
  'doctor.env.gomodcacheOwner.message': (p) =>
    `模块缓存（GOMODCACHE）${p.dir} 属于另一个用户（uid ${p.uid}）。`,
  'doctor.env.gocacheOwner.message': (p) =>
    `构建缓存（GOCACHE）${p.dir} 属于另一个用户（uid ${p.uid}）。`,
  'doctor.env.cacheOwner.explanation':
    '通常是用 sudo 运行 go 留下的：删除或修复其中的条目会因“Permission denied”而失败。',
  'doctor.env.cacheOwner.fix': (p) => `把它还给你的用户：sudo chown -R $(id -u):$(id -g) ${p.dir}`,
  'doctor.env.gomodcacheWritable.message': (p) => `模块缓存（GOMODCACHE）${p.dir} 不可写。`,
  'doctor.env.gocacheWritable.message': (p) => `构建缓存（GOCACHE）${p.dir} 不可写。`,
  'doctor.env.cacheWritable.explanation':
    'Go 无法下载、解压或记录任何内容，需要新内容的构建会失败。',
  'doctor.env.cacheWritable.fix': (p) =>
    `让你的用户可以写入它（chmod u+w ${p.dir}，或修正其所有者）。`,
  'doctor.env.freeSpace.message': (p, f) =>
    `${p.dir} 所在的卷还剩 ${f.bytes(p.free)} 可用，共 ${f.bytes(p.total)}。`,
  'doctor.env.freeSpace.explanation': '空间足够下载和构建。',
  'doctor.env.freeSpaceLow.explanation': '磁盘写满时，下载和构建会中途失败，并留下不完整的文件。',
  'doctor.env.freeSpaceLow.fix':
    '释放空间，例如运行 `modvault clean unused` 和 `modvault clean gocache`。',
  'doctor.env.goflagsNonFlag.message': (p) => `GOFLAGS 中的“${p.raw}”不是一个参数。`,
  'doctor.env.goflagsNonFlag.explanation':
    '每个 go 命令都会以“go: parsing $GOFLAGS: non-flag”停止。',
  'doctor.env.goflagsNonFlag.fix':
    '修正 GOFLAGS（`go env -w GOFLAGS=...`）：用空格分隔的 -flag 或 -flag=value 条目。',
  'doctor.env.goflagsModcacherw.message': 'GOFLAGS 包含 -modcacherw：已解压的模块文件夹保持可写。',
  'doctor.env.goflagsModcacherw.explanation':
    '清理更简单，但编辑器或工具可能在不知不觉中改动模块源码（modvault verify --deep 能发现）。',
  'doctor.env.goflagsMod.message': (p) => `GOFLAGS 包含 -mod=${p.value}。`,
  'doctor.env.goflagsModVendor.explanation': '构建使用 vendor/ 文件夹，而不是模块缓存。',
  'doctor.env.goflagsModMod.explanation': 'go 命令在构建时可能会更新 go.mod 和 go.sum。',
  'doctor.env.goflagsModReadonly.explanation': 'go.mod 永远不会被自动更新。',
  'doctor.env.goflagsInsecure.message': 'GOFLAGS 包含 -insecure，go 命令已不再接受这个参数。',
  'doctor.env.goflagsInsecure.explanation':
    '每个命令都会失败；不安全的私有主机应改用 GOINSECURE 配置。',
  'doctor.env.goflagsInsecure.fix':
    '从 GOFLAGS 中删除 -insecure，并为相关主机设置 GOINSECURE=host。',
  'doctor.env.goproxyOff.message': 'GOPROXY=off：模块下载已被禁用。',
  'doctor.env.goproxyOff.explanation':
    '构建只能使用模块缓存（否则报“module lookup disabled by GOPROXY=off”）；ModVault 无法重新下载损坏的版本。',
  'doctor.env.goproxyDir.message': (p) => `GOPROXY 从文件夹 ${p.dir} 提供模块。`,
  'doctor.env.goproxyDir.explanation': '下载来自本地文件，不需要联网。',
  'doctor.env.goproxyDirMissing.message': (p) => `GOPROXY 指定的文件夹 ${p.dir} 不存在。`,
  'doctor.env.goproxyDirMissing.explanation':
    '通过此条目的下载会失败（只有收到 404/410 时才会尝试下一个条目）。',
  'doctor.env.goproxyDirMissing.fix': '修正或删除 GOPROXY 中的这个条目。',
  'doctor.env.goproxyUp.message': (p) => `模块代理 ${p.entry} 可以访问。`,
  'doctor.env.goproxyUp.explanation': '缺失或损坏的版本可以重新下载。',
  'doctor.env.goproxyDown.message': (p) => `模块代理 ${p.entry} 目前无法访问（${p.error}）。`,
  'doctor.env.goproxyDown.explanation': '离线也没关系：构建使用模块缓存；下载会等到网络恢复。',
  'doctor.env.gosumdbOff.message': 'GOSUMDB=off：下载的内容不会与校验和数据库核对。',
  'doctor.env.gosumdbOff.explanation':
    '在到达你之前就被篡改的模块不会被发现，除非某个 go.sum 已经记录了它的哈希。',
  'doctor.env.gosumdbOff.fix':
    '取消设置 GOSUMDB（`go env -u GOSUMDB`）；改为在 GOPRIVATE 中列出私有模块。',
  'doctor.env.privateUrl.message': (p) =>
    `${p.name} 中的条目“${p.pattern}”是一个 URL；这里应填写模块路径通配符，例如 example.com/private。`,
  'doctor.env.privateAll.message': (p) => `${p.name} 中的条目“${p.pattern}”匹配所有模块。`,
  'doctor.env.privateSlash.message': (p) =>
    `${p.name} 中的条目“${p.pattern}”以“/”结尾，因此什么也匹配不到。`,
  'doctor.env.privateNoProxy.explanation': '匹配的模块会被直接获取，或根本无法获取。',
  'doctor.env.privateNoSumdb.explanation':
    '匹配的模块会跳过校验和验证；如果规则什么也匹配不到，私有模块仍会被发送到公共校验和数据库。',
  'doctor.env.private.fix': (p) =>
    `在 ${p.name} 中使用逗号分隔的模块路径通配符，例如 ${p.name}=github.com/mycorp/*`,

  'doctor.actionName.reextract-tree': '已重新解压',
  'doctor.actionName.rebuild-ziphash': '已重写 .ziphash',
  'doctor.actionName.rebuild-mod': '已重写 .mod',
  'doctor.actionName.restore-from-snapshot': '已从快照恢复',
  'doctor.actionName.redownload': '已重新下载',
  'doctor.actionName.remove-leftover': '已移走残留文件',

  'doctor.repairsTitle': '修复结果',
  'doctor.repairsSummary': (p, f) => `重新检查确认了 ${f.count(p.n)} / ${f.count(p.total)} 项修复`,
  'doctor.verified': '已验证',
  'doctor.notVerified': '未验证',
  'doctor.failed': '失败',
  'doctor.setAside': '被替换的内容在隔离区中。',
  'doctor.undoInCleanup': '可在“清理”页撤销',

  'job.title.doctor.fix': '诊断并修复',
  'job.title.doctor.run': '诊断检查',
};
