import type { Page } from '@playwright/test';

/** What a keyboard user sees of one focused element. */
export interface FocusStep {
  /** The element, for messages: tag, test id or text. */
  name: string;
  /** A problem with its ring, or null when the ring is there and visible. */
  problem: string | null;
  /** True when focus is back on an element seen before in this walk (the cycle is closed). */
  seen: boolean;
}

/**
 * Called after each Tab. Judges the element focused before this Tab, which is now unfocused:
 * its look with and without focus must differ by the app's one focus ring (an outline in
 * --focus-ring, at least 2 px), contrasting 3:1 with what is behind it and not cut off by a
 * scrolling box. Remembers the element focused now for the next call.
 */
export function tabStep(page: Page): Promise<FocusStep | null> {
  return page.evaluate(() => {
    type Look = {
      outline: string;
      width: number;
      color: string;
      offset: number;
      shadow: string;
      /** Measured while focused (an element may move away when it loses focus). */
      cut: string | null;
    };
    const w = window as unknown as {
      __focus?: { el: Element; look: Look; name: string };
      __seen?: WeakSet<Element>;
    };
    const seen = (w.__seen ??= new WeakSet());
    const ringOf = (el: Element) => el.closest('[data-focus-ring]') ?? el;
    const look = (el: Element): Look => {
      const ring = ringOf(el);
      const s = getComputedStyle(ring);
      const offset = parseFloat(s.outlineOffset);
      const width = parseFloat(s.outlineWidth);
      return {
        outline: s.outlineStyle,
        width,
        color: s.outlineColor,
        offset,
        shadow: s.boxShadow,
        cut: s.position === 'fixed' ? null : cutBy(ring, offset, width),
      };
    };
    // The ring is drawn outside (or inside) the box by its offset: no clipping box may cut it
    // sideways, nor vertically unless that box scrolls (then the browser scrolls to the element).
    function cutBy(ring: Element, offset: number, width: number): string | null {
      const r = ring.getBoundingClientRect();
      const grow = Math.max(0, offset + width) - 1;
      for (let e = ring.parentElement; e && e !== document.body; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const c = e.getBoundingClientRect();
        const sideways = r.left - grow < c.left || r.right + grow > c.right;
        const vertical =
          e.scrollHeight <= e.clientHeight && (r.top - grow < c.top || r.bottom + grow > c.bottom);
        if (sideways || vertical) return `ring cut off by ${name(e)}`;
      }
      return null;
    }
    function name(el: Element) {
      const id = el.getAttribute('data-testid');
      const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30);
      return `<${el.tagName.toLowerCase()}${id ? ` ${id}` : ''}> "${label}"`;
    }
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const behind = (el: Element) => {
      for (let e = el.parentElement; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        const a = rgb(c)[3];
        if (c && c !== 'transparent' && (a === undefined || a > 0.5)) return c;
      }
      return getComputedStyle(document.body).backgroundColor;
    };
    const judge = (el: Element, focused: Look): string | null => {
      const now = look(el);
      const ring = ringOf(el);
      const token = getComputedStyle(document.documentElement).getPropertyValue('--focus-ring');
      const probe = document.createElement('span');
      probe.style.color = token;
      document.body.append(probe);
      const want = getComputedStyle(probe).color;
      probe.remove();
      if (focused.outline === 'none' || focused.width < 2)
        return focused.shadow !== now.shadow
          ? 'shows focus with its own box-shadow instead of the focus ring'
          : 'shows no focus ring';
      if (
        focused.outline === now.outline &&
        focused.color === now.color &&
        focused.width === now.width
      )
        return 'looks the same focused and unfocused';
      if (focused.color !== want) return `has a ring in ${focused.color}, not the app's ${want}`;
      const bg = behind(ring);
      const [l1, l2] = [lum(focused.color), lum(bg)].sort((a, b) => b - a);
      const contrast = (l1! + 0.05) / (l2! + 0.05);
      if (contrast < 3) return `ring contrast ${contrast.toFixed(2)}:1 against ${bg}`;
      return focused.cut;
    };

    const prev = w.__focus;
    const el = document.activeElement;
    // Tab moved between the parts of one field (hours and minutes of a time): still the same.
    if (prev && prev.el === el) return null;
    const result = prev
      ? { name: prev.name, problem: judge(prev.el, prev.look), seen: false }
      : null;
    if (el && el !== document.body) {
      if (result) result.seen = seen.has(el);
      seen.add(el);
      w.__focus = { el, look: look(el), name: name(el) };
    } else delete w.__focus;
    return result;
  });
}

/** Forgets the previous walk (a new page, a new dialog). */
export function resetTabWalk(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __focus?: unknown; __seen?: unknown };
    delete w.__focus;
    delete w.__seen;
    (document.activeElement as HTMLElement | null)?.blur();
  });
}
