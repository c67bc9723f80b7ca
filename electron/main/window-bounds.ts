// Pure geometry for restoring the window where the user left it (no Electron import: unit-tested).

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState extends Rect {
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 };
export const MIN_SIZE = { width: 880, height: 600 };

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where to open the window: the saved bounds when enough of the window (its title bar above
 * all) is on a display that still exists, resized to fit it; otherwise centred on the primary.
 */
export function restoreBounds(
  saved: Partial<SavedWindowState> | null,
  workAreas: Rect[],
  primary: Rect,
): { bounds: Rect; maximized: boolean; centered: boolean } {
  const valid =
    saved &&
    [saved.x, saved.y, saved.width, saved.height].every(
      (v) => typeof v === 'number' && Number.isFinite(v),
    );
  if (valid) {
    const rect = saved as Rect;
    const titleBar: Rect = { x: rect.x, y: rect.y, width: rect.width, height: 40 };
    const area = workAreas
      .map((a) => ({ a, o: overlap(titleBar, a) }))
      .sort((p, q) => q.o - p.o)[0];
    if (area && area.o >= Math.min(120, rect.width) * 20) {
      const width = Math.max(MIN_SIZE.width, Math.min(rect.width, area.a.width));
      const height = Math.max(MIN_SIZE.height, Math.min(rect.height, area.a.height));
      const x = Math.min(Math.max(rect.x, area.a.x), area.a.x + area.a.width - width);
      const y = Math.min(Math.max(rect.y, area.a.y), area.a.y + area.a.height - height);
      return {
        bounds: { x, y, width, height },
        maximized: saved.maximized === true,
        centered: false,
      };
    }
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_SIZE.height, primary.height);
  return {
    bounds: {
      x: Math.round(primary.x + (primary.width - width) / 2),
      y: Math.round(primary.y + (primary.height - height) / 2),
      width,
      height,
    },
    maximized: false,
    centered: true,
  };
}
