import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { DemoInfo } from '../../../shared/dto/demo';
import { h1ForGoMod, h1FromDigests, sha256Hex } from '../gomod/h1';
import { CacheLayout, versionKey } from '../gomod/layout';
import type { TreeExtractor } from '../gomod/tree-extractor';
import { versionListText } from '../gomod/version-list';
import { writeFileAtomic } from '../platform/atomic-file';
import type { TreeOps } from '../platform/tree-ops';
import { ZipLayout } from '../store/zip-layout';
import type { DemoModule } from './demo-modules';
import { DEMO_MODULES, DEMO_PROJECT } from './demo-modules';

export interface DemoCacheDeps {
  /** The app-data folder: the demo lives in its `demo` subfolder, nowhere else. */
  dataDir: string;
  extractor: TreeExtractor;
  trees: TreeOps;
  now: () => number;
}

/** The demo in use under an app-data folder, or null (read anew: another process may make it). */
export function activeDemo(dataDir: string): DemoInfo | null {
  try {
    const info = JSON.parse(
      readFileSync(path.join(dataDir, 'demo', 'demo.json'), 'utf8'),
    ) as DemoInfo;
    return existsSync(info.gomodcache) ? info : null;
  } catch {
    return null;
  }
}

/** A module zip as Go's proxy serves it: "<path>@<version>/<file>" entries, deflated. */
function moduleZip(m: DemoModule): { bytes: Buffer; h1: string } {
  const prefix = `${m.path}@${m.version}/`;
  const layout = new ZipLayout(prefix);
  const parts: Buffer[] = [];
  for (const [name, text] of Object.entries(m.files)) {
    const data = Buffer.from(text);
    const stored = deflateRawSync(data);
    parts.push(
      layout.local({
        name,
        method: 8,
        crc32: crc32(data),
        storedSize: stored.length,
        size: data.length,
        mode: 0o644,
      }),
      stored,
    );
  }
  parts.push(layout.finish());
  const h1 = h1FromDigests(
    Object.entries(m.files).map(([name, text]) => ({
      name: prefix + name,
      sha256: sha256Hex(text),
    })),
  );
  return { bytes: Buffer.concat(parts), h1 };
}

/**
 * The demo cache: a small but real module cache built from the bundled modules (zips, .mod,
 * .info, .ziphash, list files and read-only extracted trees, all as Go writes them) in its own
 * GOMODCACHE under the app-data folder, and a project that builds against it offline. While it
 * exists, ModVault uses it instead of the real module cache (unless --gomodcache says
 * otherwise); removing it brings the real one back and touches nothing else.
 */
export class DemoCache {
  private readonly root: string;
  private readonly marker: string;

  constructor(private readonly d: DemoCacheDeps) {
    this.root = path.join(d.dataDir, 'demo');
    this.marker = path.join(this.root, 'demo.json');
  }

  active(): DemoInfo | null {
    return activeDemo(this.d.dataDir);
  }

  async create(signal?: AbortSignal): Promise<DemoInfo> {
    await this.remove();
    const gomodcache = path.join(this.root, 'go', 'pkg', 'mod');
    const layout = new CacheLayout(gomodcache);
    const sums: string[] = [];
    const versions = new Map<string, string[]>();
    for (const m of DEMO_MODULES) {
      signal?.throwIfAborted();
      const { bytes, h1 } = moduleZip(m);
      const mod = m.files['go.mod']!;
      await mkdir(layout.versionDir(m.path), { recursive: true });
      await writeFileAtomic(layout.versionFile(m, 'mod'), mod);
      await writeFileAtomic(
        layout.versionFile(m, 'info'),
        JSON.stringify({ Version: m.version, Time: m.time }),
      );
      await writeFileAtomic(layout.versionFile(m, 'zip'), bytes);
      // The .ziphash last: until it exists Go does not take the version for complete.
      await writeFileAtomic(layout.versionFile(m, 'ziphash'), h1);
      await this.d.extractor.extract(layout, m, { cacheRW: false, expectedH1: h1, signal });
      versions.set(m.path, [...(versions.get(m.path) ?? []), m.version]);
      if (DEMO_PROJECT.requires.includes(versionKey(m)))
        sums.push(
          `${m.path} ${m.version} ${h1}`,
          `${m.path} ${m.version}/go.mod ${h1ForGoMod(mod)}`,
        );
    }
    for (const [p, list] of versions) await writeFile(layout.listFile(p), versionListText(list));
    const project = path.join(this.root, 'hello');
    await mkdir(project, { recursive: true });
    const requires = DEMO_PROJECT.requires.map((k) => `\t${k.replace('@', ' ')}`).join('\n');
    await writeFile(
      path.join(project, 'go.mod'),
      `module ${DEMO_PROJECT.module}\n\ngo 1.21\n\nrequire (\n${requires}\n)\n`,
    );
    await writeFile(path.join(project, 'go.sum'), sums.sort().join('\n') + '\n');
    await writeFile(path.join(project, 'main.go'), DEMO_PROJECT.main);
    const info: DemoInfo = {
      gomodcache,
      project,
      modules: versions.size,
      versions: DEMO_MODULES.length,
      createdAt: this.d.now(),
    };
    await writeFileAtomic(this.marker, JSON.stringify(info, null, 2));
    return info;
  }

  /** Removes the demo (its cache's trees are read-only, as Go makes them); the real one is back. */
  async remove(): Promise<{ removed: boolean }> {
    if (!existsSync(this.root)) return { removed: false };
    // The marker first: from this instant nothing uses the demo cache any more.
    await rm(this.marker, { force: true });
    await this.d.trees.remove(this.root);
    return { removed: true };
  }
}
