import { z } from 'zod';
import { EngineError } from '../errors';
import { modulePathProblem, versionProblem } from '../gomod/escape';
import type { VersionFileKind } from '../gomod/layout';
import { ProxyLayout } from './proxy-layout';

/** The file an export describes itself with; the first entry of archives written since 0.1. */
export const EXPORT_MANIFEST = 'modvault-export.json';
/** A manifest lists a few hundred bytes per version: room for a quarter of a million. */
export const MAX_MANIFEST_BYTES = 64 << 20;

const manifestSchema = z.object({
  format: z.literal('modvault-export'),
  formatVersion: z.literal(1),
  snapshot: z.object({
    id: z.string(),
    time: z.string(),
    host: z.string(),
    gomodcache: z.string(),
  }),
  versions: z.array(
    z.object({
      path: z.string().refine((p) => modulePathProblem(p) === null, 'not a module path'),
      version: z.string().refine((v) => versionProblem(v) === null, 'not a module version'),
      h1: z.string(),
      files: z.number().int().min(0),
      bytes: z.number().int().min(0),
      zip: z.boolean(),
    }),
  ),
});

export type ExportManifest = z.infer<typeof manifestSchema>;

/** The manifest's JSON, checked; CORRUPT (naming `file`) when it is not one. */
export function parseExportManifest(text: string, file: string): ExportManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new EngineError(
      'CORRUPT',
      `${EXPORT_MANIFEST} is not valid JSON (${(e as Error).message}).`,
      {
        path: file,
        fix: 'Import the export again from its original, or delete the manifest to import without it.',
      },
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new EngineError(
      'CORRUPT',
      `${EXPORT_MANIFEST} is not a ModVault export manifest (${z.prettifyError(parsed.error).split('\n')[0]}).`,
      {
        path: file,
        fix: 'Import the export again from its original, or delete the manifest to import without it.',
      },
    );
  return parsed.data;
}

/** Go's own limits (cmd/go codehost: MaxGoMod, MaxZipFile); a .info is a line of JSON. */
export const FILE_LIMITS: Record<'mod' | 'info' | 'list' | 'zip', number> = {
  mod: 16 << 20,
  info: 1 << 20,
  list: 16 << 20,
  zip: 500 << 20,
};

/**
 * The largest module zip that holds `files` files of `bytes` bytes: the contents (stored, or
 * deflated, which grows incompressible data by 1/8 at worst, with fixed Huffman codes), plus
 * headers with room for long names.
 */
export function zipSizeLimit(bytes: number, files: number): number {
  return Math.min(FILE_LIMITS.zip, bytes + Math.ceil(bytes / 8) + (files + 1) * 8192 + 65536);
}

/** Every file an export of this manifest holds (archive entry name → its largest size). */
export function exportFiles(m: ExportManifest): Map<string, number> {
  const out = new Map<string, number>([[EXPORT_MANIFEST, MAX_MANIFEST_BYTES]]);
  const add = (v: { path: string; version: string }, kind: VersionFileKind, limit: number) =>
    out.set(ProxyLayout.versionName(v, kind), limit);
  for (const v of m.versions) {
    add(v, 'mod', FILE_LIMITS.mod);
    add(v, 'info', FILE_LIMITS.info);
    if (!v.zip) continue;
    add(v, 'zip', zipSizeLimit(v.bytes, v.files));
    out.set(ProxyLayout.listName(v.path), FILE_LIMITS.list);
  }
  return out;
}
