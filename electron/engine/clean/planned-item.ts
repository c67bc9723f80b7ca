import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { CleanItem } from '../../../shared/dto/clean';
import type { ModuleVersionInfo } from '../../../shared/dto/cache';
import { escapeVersion } from '../gomod/escape';
import type { CacheLayout, ModuleVersion } from '../gomod/layout';
import { versionKey } from '../gomod/layout';
import type { Said } from '../english';

/** A reason given as catalog text carries its English too; a plain string is English only. */
function reasonFields(reason: string | Said): Pick<CleanItem, 'reason' | 'reasonText'> {
  return typeof reason === 'string'
    ? { reason }
    : { reason: reason.english, reasonText: reason.text };
}

/** A plan item with what the executor needs beyond what clients see. */
export interface PlannedItem extends CleanItem {
  /** The version whose `.lock` is held while the item moves (null: no version involved). */
  lock: ModuleVersion | null;
  /** The @v folder whose `list` is rewritten afterwards, when a `.mod` moves. */
  listDir: string | null;
  cache: 'gomodcache' | 'gocache';
}

export function toDto(item: PlannedItem): CleanItem {
  const { lock: _lock, listDir: _listDir, cache: _cache, ...dto } = item;
  return dto;
}

const exists = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

/**
 * A version moves as one unit: extracted tree, zip, ziphash, .mod, .info and a stray .partial.
 * The `.lock` stays: Go's lock files are never removed.
 */
export function versionUnitFiles(layout: CacheLayout, m: ModuleVersion): string[] {
  // Escaping validates the whole path: once per version, not once per file.
  const dir = layout.versionDir(m.path);
  const v = escapeVersion(m.version);
  const candidates = [
    layout.treeDir(m),
    ...['zip', 'ziphash', 'mod', 'info', 'partial'].map((k) => path.join(dir, `${v}.${k}`)),
  ];
  return candidates.filter(exists);
}

export function versionItem(
  layout: CacheLayout,
  m: ModuleVersionInfo,
  reason: string | Said,
  rule: string,
): PlannedItem {
  const id = { path: m.path, version: m.version };
  return {
    id: `version:${versionKey(id)}`,
    kind: 'version',
    path: m.path,
    version: m.version,
    ...reasonFields(reason),
    rule,
    bytes: m.zipBytes + (m.extracted ? m.treeBytes : 0),
    files: versionUnitFiles(layout, id),
    lastUsed: m.downloadedAt,
    lock: id,
    listDir: layout.versionDir(m.path),
    cache: 'gomodcache',
  };
}

/** A single file or folder (leftovers, build-cache entries, whole caches). */
export function fileItem(
  file: string,
  fields: Pick<CleanItem, 'kind' | 'rule' | 'bytes' | 'lastUsed'> & {
    reason: string | Said;
  } & Partial<Pick<PlannedItem, 'lock' | 'cache'>> & { files?: string[] },
): PlannedItem {
  return {
    id: `file:${file}`,
    path: file,
    version: null,
    listDir: null,
    lock: fields.lock ?? null,
    cache: fields.cache ?? 'gomodcache',
    files: fields.files ?? [file],
    kind: fields.kind,
    ...reasonFields(fields.reason),
    rule: fields.rule,
    bytes: fields.bytes,
    lastUsed: fields.lastUsed,
  };
}
