export interface RouteLocation {
  page: string;
  /** The rest of the path: a job id on the activity page, a module path on the modules page. */
  param: string | null;
}

/** "#/modules/github.com%2Fa%2Fb" → { page: 'modules', param: 'github.com/a/b' }. */
export function parseHash(hash: string, pages: readonly string[]): RouteLocation {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const page = slash < 0 ? path : path.slice(0, slash);
  let param: string | null = null;
  if (slash >= 0 && slash < path.length - 1) {
    try {
      param = decodeURIComponent(path.slice(slash + 1));
    } catch {
      param = null;
    }
  }
  if (!pages.includes(page)) return { page: pages[0]!, param: null };
  return { page, param };
}
