import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { Leftover, ProblemKind, ScanReport, VerifyReport } from '../../../shared/dto/cache';
import { tryUnescapePath, tryUnescapeVersion } from '../gomod/escape';
import type { ModuleVersion } from '../gomod/layout';
import { CacheLayout, versionKey } from '../gomod/layout';
import type { PlannedItem } from './planned-item';
import { fileItem, versionItem } from './planned-item';
import { say } from '../english';

/** Problems that make a whole version unusable or untrustworthy: it goes as one unit. */
const BROKEN: ReadonlySet<ProblemKind> = new Set<ProblemKind>([
  'zip-mismatch',
  'tree-mismatch',
  'gosum-mismatch',
  'mod-mismatch',
  'zip-unreadable',
  'zip-invalid',
  'ziphash-invalid',
  'mod-missing',
  'info-invalid',
  'tree-unreadable',
]);

/**
 * `clean corrupt`: versions the verifier marks broken, half-extracted trees (`.partial`: only
 * the tree and the marker go, so Go re-extracts from the zip offline) and leftovers of
 * interrupted go commands (temp files and folders).
 */
export function planCorrupt(scan: ScanReport, verify: VerifyReport): PlannedItem[] {
  const layout = new CacheLayout(scan.gomodcache);
  const problems = new Map<string, { kind: ProblemKind; detail: string }[]>();
  for (const p of verify.problems) {
    if (!BROKEN.has(p.kind)) continue;
    const key = versionKey(p);
    problems.set(key, [...(problems.get(key) ?? []), { kind: p.kind, detail: p.detail }]);
  }
  const items: PlannedItem[] = [];
  for (const m of scan.modules) {
    const found = problems.get(versionKey(m));
    if (found) {
      items.push(
        versionItem(
          layout,
          m,
          // The verifier's details in English; the UI names the problem in its language.
          {
            english: found.map((p) => p.detail).join('; '),
            text: { key: `problem.${found[0]!.kind}`, params: {} },
          },
          `corrupt/${found[0]!.kind}`,
        ),
      );
    } else if (m.state === 'partial') {
      const id = { path: m.path, version: m.version };
      const files = [layout.treeDir(id), layout.versionFile(id, 'partial')].filter(
        (f) => lstatSync(f, { throwIfNoEntry: false }) !== undefined,
      );
      items.push({
        ...fileItem(layout.treeDir(id), {
          kind: 'partial-tree',
          reason: say('cleanup.reason.partial'),
          rule: 'partial',
          bytes: m.extracted ? m.treeBytes : 0,
          lastUsed: m.downloadedAt,
          lock: id,
          files,
        }),
        path: m.path,
        version: m.version,
        id: `partial:${versionKey(id)}`,
      });
    }
  }
  for (const l of scan.leftovers) items.push(leftoverItem(layout, l));
  return items;
}

/** A leftover as a plan item, locked by the version it belongs to when that can be told. */
export function leftoverItem(layout: CacheLayout, l: Leftover): PlannedItem {
  return fileItem(l.path, {
    kind: 'leftover',
    reason: say(`cleanup.reason.leftover.${l.kind}`),
    rule: `leftover/${l.kind}`,
    bytes: l.bytes,
    lastUsed: lstatSync(l.path, { throwIfNoEntry: false })?.mtimeMs ?? null,
    lock: leftoverVersion(layout, l),
  });
}

/**
 * The version a leftover belongs to, so its lock is held while it goes: Go writes
 * "<v>.<ext><digits>.tmp" in @v folders and "<path>@<v>.tmp-<random>" trees under its lock.
 */
function leftoverVersion(layout: CacheLayout, l: Leftover): ModuleVersion | null {
  const base = path.basename(l.path);
  const rel = path.relative(layout.root, l.path).split(path.sep).join('/');
  if (l.kind === 'tmp-file') {
    const m = /^(.+)\.(?:zip|mod|info|ziphash|partial)\d*\.tmp$/.exec(base);
    const dl = path.relative(layout.downloadDir, path.dirname(path.dirname(l.path)));
    const modPath = tryUnescapePath(dl.split(path.sep).join('/'));
    const version = m ? tryUnescapeVersion(m[1]!) : null;
    return modPath && version ? { path: modPath, version } : null;
  }
  const m = /^(.+)@(.+)\.tmp-[^/]*$/.exec(rel);
  const modPath = m ? tryUnescapePath(m[1]!) : null;
  const version = m ? tryUnescapeVersion(m[2]!) : null;
  return modPath && version ? { path: modPath, version } : null;
}
