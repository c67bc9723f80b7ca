// x/mod/zip's strToFold: every character replaced by the smallest member of its simple
// case-folding orbit (then A-Z by a-z), so "ſ.go", "S.go" and "s.go" — or "µ" and "μ" — fold
// to the same key, as they collide on case-insensitive file systems.

/** Characters with case mappings all lie below this (Adlam ends at U+1E95F). */
const CASED_LIMIT = 0x20000;

let smallest: Map<number, number> | null = null;

/**
 * Orbits built by linking each character to its upper- and lower-case forms, keeping only the
 * links that simple case folding confirms (the /iu regular-expression equivalence): "ı" upper-
 * cases to "I" but does not fold to it, in Go or in Unicode's CaseFolding.txt.
 */
function buildOrbits(): Map<number, number> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  for (let c = 0; c < CASED_LIMIT; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCodePoint(c);
    for (const other of [s.toUpperCase(), s.toLowerCase()]) {
      const o = other.codePointAt(0)!;
      if (o === c || other.length !== String.fromCodePoint(o).length) continue;
      if (new RegExp(`^\\u{${c.toString(16)}}$`, 'iu').test(other)) union(c, o);
    }
  }
  const out = new Map<number, number>();
  for (const c of parent.keys()) {
    const root = find(c);
    if (root !== c) out.set(c, root);
  }
  return out;
}

export function strToFold(s: string): string {
  // ASCII letters fold to lower case (the orbits of k and s hold K and ſ, but their smallest
  // member is ASCII): the orbit table is only built for names that need it.
  if (/^[\x20-\x7e]*$/.test(s)) return s.toLowerCase();
  smallest ??= buildOrbits();
  let out = '';
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    c = smallest.get(c) ?? c;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    out += String.fromCodePoint(c);
  }
  return out;
}
