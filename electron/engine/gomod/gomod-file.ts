import type { ModuleRequirement } from '../../../shared/dto/projects';

// A tolerant reader of go.mod and go.work (the modfile grammar: directives, "( … )" blocks,
// quoted tokens, // comments). It keeps what ModVault needs and records what it cannot read.

export interface ModuleRef {
  path: string;
  version: string | null;
}

export interface Replacement {
  old: ModuleRef;
  new: ModuleRef;
}

export interface GoModFile {
  module: string | null;
  go: string | null;
  toolchain: string | null;
  requires: ModuleRequirement[];
  replaces: Replacement[];
  excludes: ModuleRef[];
  /** go.work only: the module directories it uses. */
  uses: string[];
  /** `tool` directives (Go 1.24): packages run with `go tool`, from required modules. */
  tools: string[];
  /** `ignore` directives (Go 1.25): directories the ./... pattern skips. */
  ignores: string[];
  /** `godebug` lines and blocks (go.mod and go.work, Go 1.23): GODEBUG defaults. */
  godebug: { key: string; value: string }[];
  warnings: string[];
}

interface Line {
  tokens: string[];
  comment: string;
  lineNo: number;
}

const PUNCTUATION = '()[]{},';

function tokenize(raw: string, lineNo: number, warnings: string[]): Line {
  const tokens: string[] = [];
  let comment = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (raw.startsWith('//', i)) {
      comment = raw.slice(i + 2).trim();
      break;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < raw.length && raw[j] !== c) {
        if (c === '"' && raw[j] === '\\' && j + 1 < raw.length) j++;
        value += raw[j];
        j++;
      }
      if (j >= raw.length) warnings.push(`line ${lineNo}: unterminated quoted string`);
      tokens.push(value);
      i = j + 1;
    } else if (PUNCTUATION.includes(c)) {
      // modfile's lexer: these are tokens of their own, so "require(" opens a block.
      tokens.push(c);
      i++;
    } else {
      let j = i;
      while (
        j < raw.length &&
        !' \t\r"`'.includes(raw[j]!) &&
        !PUNCTUATION.includes(raw[j]!) &&
        !raw.startsWith('//', j)
      )
        j++;
      tokens.push(raw.slice(i, j));
      i = j;
    }
  }
  return { tokens, comment, lineNo };
}

/** modfile's isIndirect: the comment is "indirect", or starts with the word "indirect;". */
function isIndirect(comment: string): boolean {
  const f = comment.split(/\s+/).filter(Boolean);
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

function ref(tokens: string[]): ModuleRef {
  return { path: tokens[0] ?? '', version: tokens[1] ?? null };
}

export function parseGoMod(text: string): GoModFile {
  const out: GoModFile = {
    module: null,
    go: null,
    toolchain: null,
    requires: [],
    replaces: [],
    excludes: [],
    uses: [],
    tools: [],
    ignores: [],
    godebug: [],
    warnings: [],
  };
  let block: string | null = null;

  const apply = (verb: string, args: string[], line: Line) => {
    switch (verb) {
      case 'module':
        out.module = args[0] ?? null;
        break;
      case 'go':
        out.go = args[0] ?? null;
        break;
      case 'toolchain':
        out.toolchain = args[0] ?? null;
        break;
      case 'require':
        if (args.length < 2)
          out.warnings.push(`line ${line.lineNo}: require needs a path and a version`);
        else
          out.requires.push({
            path: args[0]!,
            version: args[1]!,
            indirect: isIndirect(line.comment),
          });
        break;
      case 'exclude':
        if (args.length >= 2) out.excludes.push(ref(args));
        break;
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow < 1 || arrow === args.length - 1)
          out.warnings.push(`line ${line.lineNo}: malformed replace`);
        else out.replaces.push({ old: ref(args.slice(0, arrow)), new: ref(args.slice(arrow + 1)) });
        break;
      }
      case 'use':
        if (args[0]) out.uses.push(args[0]);
        break;
      case 'tool':
        if (args.length === 1) out.tools.push(args[0]!);
        else out.warnings.push(`line ${line.lineNo}: tool needs one package path`);
        break;
      case 'ignore':
        if (args.length === 1) out.ignores.push(args[0]!);
        else out.warnings.push(`line ${line.lineNo}: ignore needs one directory`);
        break;
      case 'godebug': {
        // modfile: exactly one key=value token, the key without spaces, commas or quotes.
        const eq = args.length === 1 ? args[0]!.indexOf('=') : -1;
        if (eq > 0) out.godebug.push({ key: args[0]!.slice(0, eq), value: args[0]!.slice(eq + 1) });
        else out.warnings.push(`line ${line.lineNo}: godebug needs key=value`);
        break;
      }
      default:
        // retract and future directives carry nothing ModVault uses.
        break;
    }
  };

  text.split('\n').forEach((raw, idx) => {
    const line = tokenize(raw, idx + 1, out.warnings);
    const t = line.tokens;
    if (t.length === 0) return;
    if (block !== null) {
      if (t[0] === ')') block = null;
      else apply(block, t, line);
      return;
    }
    if (t[1] === '(' && t.length === 2) {
      block = t[0]!;
      return;
    }
    if (t[1] === '(' && t[2] === ')' && t.length === 3) return; // an empty block
    if (t[1] === '(' && t[t.length - 1] === ')') {
      apply(t[0]!, t.slice(2, -1), line);
      return;
    }
    apply(t[0]!, t.slice(1), line);
  });
  if (block !== null) out.warnings.push(`unterminated ${block} block`);
  return out;
}
