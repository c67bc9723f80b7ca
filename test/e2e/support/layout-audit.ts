import type { Page } from '@playwright/test';
import { DOUBLED_WORD_SOURCE } from '../../helpers/wording';

// Checks of what the user sees, run inside the page: content that does not fit (cut, scrolled
// sideways, drawn over its neighbours) and form controls that do not look like one family.
// Each returns human-readable problems, empty when the view is right.

/**
 * Content wider than its box: the window or <main> scrolling sideways, or any element cutting
 * off what it holds. Text cut with an ellipsis is fine only where the full text is in a tooltip.
 */
export function overflowProblems(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((rootSel) => {
    const out: string[] = [];
    const name = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : cls ? ` .${cls}` : ''}> "${text}"`;
    };
    const doc = document.scrollingElement!;
    if (doc.scrollWidth > window.innerWidth + 1)
      out.push(`the window scrolls sideways (${doc.scrollWidth} > ${window.innerWidth})`);
    const scope = document.querySelector(rootSel) ?? document.body;
    for (const el of scope.querySelectorAll<HTMLElement>('*')) {
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden' || el.closest('.visually-hidden'))
        continue;
      const r = el.getBoundingClientRect();
      // Zero or one pixel: hidden for the eye, kept for screen readers.
      if (r.width <= 1 || r.height <= 1) continue;
      if (el.closest('svg')) continue;
      if (s.overflowX === 'visible') continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      const ellipsis = s.textOverflow === 'ellipsis';
      const full =
        !!el.closest('[title]') ||
        !!el.querySelector('[title]') ||
        el.scrollWidth - el.clientWidth < 2;
      if (ellipsis && full) continue;
      out.push(
        `${name(el)} cuts off its content (${el.scrollWidth}px in ${el.clientWidth}px${
          ellipsis ? ', ellipsis without a tooltip' : s.overflowX === 'hidden' ? '' : ', scrolls'
        })`,
      );
    }
    return out;
  }, root);
}

/**
 * Text or controls drawn over one another: every line of text and every control is a box,
 * clipped to what its scrolling ancestors show; no two boxes may intersect.
 */
export function overlapProblems(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((rootSel) => {
    type Box = { el: Element; r: { l: number; t: number; r: number; b: number }; what: string };
    const scope = document.querySelector(rootSel) ?? document.body;
    const visible = (el: Element) => {
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0)
          return false;
        if (e.classList.contains('visually-hidden')) return false;
      }
      return true;
    };
    // What the scrolling and clipping boxes around a node let through (a text's own element
    // clips it too: an ellipsis).
    const clipOf = (from: Element | null) => {
      let c = { l: -1e9, t: -1e9, r: 1e9, b: 1e9 };
      for (let e = from; e && e !== document.documentElement; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const r = e.getBoundingClientRect();
          c = {
            l: Math.max(c.l, r.left),
            t: Math.max(c.t, r.top),
            r: Math.min(c.r, r.right),
            b: Math.min(c.b, r.bottom),
          };
        }
      }
      return c;
    };
    const boxes: Box[] = [];
    const add = (el: Element, rect: DOMRect, what: string, text: boolean) => {
      const c = clipOf(text ? el : el.parentElement);
      const r = {
        l: Math.max(rect.left, c.l),
        t: Math.max(rect.top, c.t),
        r: Math.min(rect.right, c.r),
        b: Math.min(rect.bottom, c.b),
      };
      if (r.r - r.l > 1 && r.b - r.t > 1) boxes.push({ el, r, what });
    };
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      const el = n.parentElement;
      if (!el || !text.trim() || el.closest('svg, option, select, textarea, script, style'))
        continue;
      if (!visible(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const rect of range.getClientRects())
        if (rect.width > 0) add(el, rect, `"${text.trim().slice(0, 30)}"`, true);
    }
    for (const el of scope.querySelectorAll(
      'input:not([type=hidden]), select, textarea, [role=switch], [role=slider]',
    )) {
      if (!visible(el)) continue;
      const s = getComputedStyle(el);
      if (s.position === 'absolute' && Number(s.opacity) < 0.01) continue;
      add(el, el.getBoundingClientRect(), `<${el.tagName.toLowerCase()}>`, false);
    }
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.r, b.r.r) - Math.max(a.r.l, b.r.l);
        const h = Math.min(a.r.b, b.r.b) - Math.max(a.r.t, b.r.t);
        if (w > 2 && h > 2)
          out.push(`${a.what} and ${b.what} overlap (${Math.round(w)}×${Math.round(h)} px)`);
      }
    return out;
  }, root);
}

/**
 * The form controls in view look like one family (same height, border and corners), and no
 * label is drawn as a control (a global control style leaking onto a wrapper or a label).
 */
export function formControlProblems(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((rootSel) => {
    const scope = document.querySelector(rootSel) ?? document.body;
    const out: string[] = [];
    const looks = new Map<string, string>();
    const textLike =
      'input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=range]), select';
    for (const el of scope.querySelectorAll<HTMLElement>(textLike)) {
      if (el.offsetParent === null) continue;
      const s = getComputedStyle(el);
      // A field drawn inside a wrapper (search with an icon) is styled by that wrapper.
      const box = s.borderTopWidth === '0px' ? el.parentElement! : el;
      const b = getComputedStyle(box);
      const look = `height ${Math.round(box.getBoundingClientRect().height)}px, border ${b.borderTopWidth} ${b.borderTopStyle}, radius ${b.borderTopLeftRadius}`;
      looks.set(look, `${el.outerHTML.slice(0, 80)}`);
    }
    if (looks.size > 1)
      out.push(`form controls differ: ${[...looks].map(([l, e]) => `${l} (${e})`).join('; ')}`);
    for (const el of scope.querySelectorAll<HTMLElement>('label, legend, .label, fieldset')) {
      if (el.offsetParent === null) continue;
      const s = getComputedStyle(el);
      if (el.tagName === 'FIELDSET') {
        if (s.borderTopWidth !== '0px')
          out.push(`a fieldset is drawn with a border: ${el.outerHTML.slice(0, 80)}`);
        continue;
      }
      // A label wrapping its own control is a chip or a card (drawn as one on purpose).
      if (el.querySelector('input')) continue;
      if (s.borderTopWidth !== '0px' && s.borderTopStyle !== 'none')
        out.push(`a label is drawn as a box: ${el.outerHTML.slice(0, 80)}`);
    }
    return out;
  }, root);
}

/** Steppers (wizard progress) stay on one line, so no connector is left dangling at a line start. */
export function stepperProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const ol of document.querySelectorAll<HTMLElement>('ol.stepper')) {
      const tops = new Set(
        [...ol.children].map((li) => Math.round(li.getBoundingClientRect().top)),
      );
      if (tops.size > 1) out.push(`the stepper wraps onto ${tops.size} lines`);
    }
    return out;
  });
}

/**
 * Words as a person reads them: no literal `backticks` (commands show as code), no doubled
 * words ("the the"), no label that chains colons ("Doctor: check: done").
 */
export function wordingProblems(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate(
    ([rootSel, doubledSource]) => {
      const scope = document.querySelector(rootSel) ?? document.body;
      const out = new Set<string>();
      const texts: string[] = [];
      for (const el of scope.querySelectorAll<HTMLElement>('*')) {
        if (el.closest('script, style, svg, [role=log], code, pre, textarea')) continue;
        if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
        const own = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim();
        if (own) texts.push(own);
        for (const a of ['title', 'aria-label', 'placeholder']) {
          const v = el.getAttribute(a);
          if (v) texts.push(v);
        }
      }
      for (const text of texts) {
        if (text.includes('`')) out.add(`a literal backtick: "${text.slice(0, 80)}"`);
        // "day-of-month month" is two different words.
        const doubled = new RegExp(doubledSource, 'iu').exec(text);
        if (doubled) out.add(`"${doubled[1]}" twice: "${text.slice(0, 80)}"`);
        // A label, not a message quoting another one in parentheses.
        if (text.length < 80 && !text.includes('(') && /\S: \S[^:]*: \S/.test(text))
          out.add(`colons chained: "${text}"`);
      }
      return [...out];
    },
    [root, DOUBLED_WORD_SOURCE] as const,
  );
}

/**
 * A control that cannot be used says why: in its tooltip, and in words on screen that it is
 * described by (aria-describedby), not only greyed out. A busy control (spinner) is exempt.
 */
export function disabledProblems(page: Page, root = 'body'): Promise<string[]> {
  return page.evaluate((rootSel) => {
    const scope = document.querySelector(rootSel) ?? document.body;
    const out: string[] = [];
    for (const el of scope.querySelectorAll<HTMLElement>(
      'button:disabled, input:disabled, select:disabled, textarea:disabled, [aria-disabled=true]',
    )) {
      if (el.getAttribute('aria-busy') === 'true') continue;
      const wrapper = el.closest('label') ?? el;
      const r = wrapper.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(wrapper).visibility === 'hidden') continue;
      const name = (
        el.getAttribute('aria-label') ??
        wrapper.textContent ??
        el.getAttribute('data-testid') ??
        ''
      )
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 50);
      const title = el.getAttribute('title') || wrapper.getAttribute('title');
      const described = (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => (id ? document.getElementById(id) : null))
        .some((d) => d && d.getBoundingClientRect().width > 0 && (d.textContent ?? '').trim());
      if (!title || !described)
        out.push(
          `disabled without a reason${title ? ' on screen' : described ? ' in its tooltip' : ''}: "${name}"`,
        );
    }
    return out;
  }, root);
}

/** All of the above for what is on screen now: an open dialog, or the page. */
export async function layoutProblems(page: Page): Promise<string[]> {
  const dialog = await page.locator('dialog[open]').count();
  const root = dialog ? 'dialog[open]' : 'body';
  return [
    ...(await overflowProblems(page, root)),
    ...(await overlapProblems(page, root)),
    ...(await formControlProblems(page, root)),
    ...(await wordingProblems(page, root)),
    ...(await disabledProblems(page, root)),
    ...(dialog ? [] : await stepperProblems(page)),
  ];
}
