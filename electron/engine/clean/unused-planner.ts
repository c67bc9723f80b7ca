import path from 'node:path';
import type { ModuleVersionInfo, ScanReport } from '../../../shared/dto/cache';
import type { KeptVersion } from '../../../shared/dto/clean';
import { say } from '../english';
import { CacheLayout } from '../gomod/layout';
import { compareSemver } from '../gomod/semver';
import { parseToolchainVersion } from '../gomod/toolchain-module';
import type { RunningGo } from '../gomod/toolchain-module';
import type { InUseSet } from './in-use';
import type { PlannedItem } from './planned-item';
import { versionItem } from './planned-item';

export interface UnusedOptions {
  /** Keep the N highest versions of every module, used or not. */
  keepLatest?: number;
  /** Only versions downloaded longer ago than this go. */
  olderThanMs?: number;
  now: number;
  /** GOROOT of the go command in use: a toolchain running from the module cache stays. */
  goroot: string | null;
  /** The go that runs here, when known: named in the reason a toolchain goes. */
  running?: RunningGo;
}

export interface UnusedPlan {
  items: PlannedItem[];
  kept: KeptVersion[];
}

/** `clean unused`: every version no scanned project names, minus what the options keep. */
export function planUnused(scan: ScanReport, inUse: InUseSet, opts: UnusedOptions): UnusedPlan {
  const layout = new CacheLayout(scan.gomodcache);
  const latest = latestVersions(scan.modules, opts.keepLatest ?? 0);
  const items: PlannedItem[] = [];
  const kept: KeptVersion[] = [];
  const projectCount = inUse.projects.length;
  for (const m of scan.modules) {
    const id = { path: m.path, version: m.version };
    const projects = inUse.usedBy(id);
    const keep = (reason: KeptVersion['reason']) => kept.push({ ...id, reason, projects });
    if (projects.length > 0) keep('in-use');
    else if (latest.has(`${m.path}@${m.version}`)) keep('keep-latest');
    else if (opts.goroot && isInside(opts.goroot, layout.treeDir(id))) keep('running-toolchain');
    else if (
      opts.olderThanMs !== undefined &&
      (m.downloadedAt === null || opts.now - m.downloadedAt < opts.olderThanMs)
    )
      keep('too-recent');
    else if (m.toolchain) items.push(unusedToolchain(layout, m, projectCount, opts.running));
    else
      items.push(
        versionItem(
          layout,
          m,
          opts.olderThanMs !== undefined
            ? say('cleanup.reason.unusedOlder', { n: projectCount, age: opts.olderThanMs })
            : say('cleanup.reason.unused', { n: projectCount }),
          opts.olderThanMs !== undefined ? 'unused/older-than' : 'unused',
        ),
      );
  }
  return { items, kept };
}

/** A Go toolchain no project's go/toolchain line selects and that is not running: "unused toolchains". */
function unusedToolchain(
  layout: CacheLayout,
  m: ModuleVersionInfo,
  projectCount: number,
  running: RunningGo | undefined,
): PlannedItem {
  const name = parseToolchainVersion(m.version)?.name ?? m.version;
  const projects = `the ${projectCount} project${projectCount === 1 ? '' : 's'} scanned`;
  const runs = running
    ? ` (${running.local} runs here, GOTOOLCHAIN=${running.gotoolchain || 'auto'})`
    : '';
  return versionItem(
    layout,
    m,
    `unused toolchain: no go or toolchain line of ${projects} selects ${name}${runs}`,
    'unused/toolchain',
  );
}

function latestVersions(modules: readonly ModuleVersionInfo[], n: number): Set<string> {
  const byPath = new Map<string, string[]>();
  for (const m of modules) byPath.set(m.path, [...(byPath.get(m.path) ?? []), m.version]);
  const out = new Set<string>();
  if (n <= 0) return out;
  for (const [p, versions] of byPath)
    for (const v of versions.sort((a, b) => compareSemver(b, a)).slice(0, n)) out.add(`${p}@${v}`);
  return out;
}

function isInside(child: string, dir: string): boolean {
  const rel = path.relative(dir, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
