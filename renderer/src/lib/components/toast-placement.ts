// Where the toasts go: a spot along the right (or left) edge of the page area that covers none
// of the page's controls, so a message never sits on the button the user is about to press.

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The top-left point for a stack of `size` inside `area`, `margin` from its edges: the bottom
 * right corner if it covers no control, else the first free spot up the right edge, then up
 * the left edge; where every spot covers something, the one that covers least.
 */
export function placeToasts(
  size: { width: number; height: number },
  area: Box,
  controls: readonly Box[],
  margin = 16,
  step = 24,
): { left: number; top: number } {
  const lowest = area.top + area.height - size.height - margin;
  const highest = area.top + margin;
  const lefts = [area.left + area.width - size.width - margin, area.left + margin];
  let best = { left: lefts[0]!, top: lowest };
  let bestCover = Infinity;
  for (const left of lefts)
    for (let top = lowest; top >= highest - step + 1; top -= step) {
      const box = { left, top: Math.max(top, highest), width: size.width, height: size.height };
      const cover = controls.reduce((sum, c) => sum + overlap(box, c), 0);
      if (cover === 0) return { left, top: box.top };
      if (cover < bestCover) {
        best = { left, top: box.top };
        bestCover = cover;
      }
    }
  return best;
}
