import type { ProblemKind } from '../../../shared/dto/cache';
import type { FixAction } from '../../../shared/dto/doctor';

/** Why each cache problem matters, in terms of what the go command does (GO-CACHE.md). */
export const EXPLANATIONS: Record<ProblemKind, string> = {
  'zip-mismatch':
    'The zip no longer matches its .ziphash ("zip has been modified" in go mod verify). If the tree is missing, Go extracts it from this zip and builds with whatever it holds.',
  'tree-mismatch':
    'The extracted files differ from the module\'s hash ("dir has been modified"): builds compile the changed sources without any error.',
  'gosum-mismatch':
    'The cache disagrees with the checksum your project recorded in go.sum: a zip and .ziphash tampered with consistently, which go mod verify reports as "all modules verified".',
  'mod-mismatch':
    "The cached go.mod differs from the project's go.sum: the module graph Go computes may be wrong, and go fails with a checksum mismatch.",
  'gosum-conflict':
    'Two projects recorded different checksums for the same version; at most one of them can be right, and the other project fails with "checksum mismatch" (or was tampered with).',
  'zip-unreadable':
    'The zip is truncated or damaged: Go fails with "zip: not a valid zip file" and does not heal it by itself.',
  'zip-invalid': 'The zip breaks the module zip rules: Go refuses to extract it.',
  'ziphash-invalid':
    'The .ziphash is not a well-formed hash: Go treats it as missing and recomputes it from the zip, so a damaged zip would be trusted.',
  'ziphash-missing':
    'Go recomputes a missing .ziphash from the zip offline; nothing fails, but the zip is then trusted as it is.',
  'mod-missing':
    'Without the .mod file Go needs the network to use this version, even with the tree present ("module lookup disabled by GOPROXY=off" offline).',
  'mod-unreadable':
    'The .mod file cannot be read (permissions): go fails to load the module graph until it can read it or fetch it again.',
  'info-invalid':
    'Go treats an unparsable .info as absent: builds work, but go list -m and go mod download fail offline, and serving the cache as a proxy breaks ("unexpected end of JSON input").',
  'tree-only':
    'The zip and .ziphash are gone: Go does not consider the version complete and needs the network to use it.',
  partial:
    'An extraction was interrupted (.partial marker): Go removes the tree and extracts it again from the zip on next use.',
  'tree-unreadable': 'Files of the extracted tree cannot be read: builds using it fail.',
  leftover:
    'Temporary files of an interrupted go command: harmless, but they take space and Go never removes some of them.',
};

export const ACTION_TEXT: Record<FixAction, string> = {
  'reextract-tree': 'Extract the tree again from its verified zip.',
  'rebuild-ziphash': 'Write the .ziphash again from the verified zip.',
  'rebuild-mod': 'Write the .mod again from the go.mod inside the verified zip.',
  'restore-from-snapshot': 'Restore the version from the latest ModVault snapshot holding it.',
  redownload:
    'Set the damaged files aside and download the version again through the GOPROXY chain.',
  'remove-leftover': 'Move the leftover to the quarantine.',
};

export const FIX_COMMAND = ' (modvault doctor --fix)';
