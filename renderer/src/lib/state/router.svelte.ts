import type { RouteLocation } from './route';
import { parseHash } from './route';

/**
 * Hash routing ("#/activity/<job id>"): works the same from Electron's app:// files and from
 * browser mode's token URL, and Back/Forward behave as users expect.
 */
export class Router {
  current = $state<RouteLocation>({ page: '', param: null });

  constructor(private readonly pages: readonly string[]) {
    this.current = parseHash(location.hash, pages);
    window.addEventListener('hashchange', () => {
      this.current = parseHash(location.hash, this.pages);
    });
  }

  href(page: string, param?: string | null): string {
    return `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}`;
  }

  go(page: string, param?: string | null): void {
    const target = this.href(page, param);
    if (location.hash !== target) location.hash = target;
  }

  /** Changes the param without a history entry (selecting a row is not a navigation). */
  replaceParam(param: string | null): void {
    if (param === this.current.param) return;
    history.replaceState(history.state, '', this.href(this.current.page, param));
    this.current = { page: this.current.page, param };
  }

  /** A route from the desktop shell ("activity/<id>"); unknown pages fall back to the first. */
  navigate(route: string): void {
    const loc = parseHash(`#/${route}`, this.pages);
    this.go(loc.page, loc.param);
  }
}
