/**
 * GOFLAGS as the go command reads it: space-separated flags, each "-name" or "-name=value"
 * (one or two dashes). Quoted values are not supported by Go either.
 */
export interface GoFlag {
  name: string;
  value: string | null;
  raw: string;
}

export function parseGoFlags(goflags: string): GoFlag[] {
  return goflags
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => {
      const body = raw.replace(/^--?/, '');
      const eq = body.indexOf('=');
      return {
        name: eq < 0 ? body : body.slice(0, eq),
        value: eq < 0 ? null : body.slice(eq + 1),
        raw,
      };
    });
}

/** -modcacherw: Go leaves extracted directories writable (files stay 0444). */
export function modCacheRW(goflags: string): boolean {
  const flag = parseGoFlags(goflags)
    .filter((f) => f.name === 'modcacherw')
    .at(-1);
  return flag !== undefined && (flag.value === null || flag.value === 'true' || flag.value === '1');
}
