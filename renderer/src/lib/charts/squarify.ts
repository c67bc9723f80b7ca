// Squarified treemap layout (Bruls, Huizing, van Wijk): rectangles close to squares, so areas
// are easy to compare. Pure functions: unit-tested without a DOM.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Weighted<T> {
  value: number;
  data: T;
}

export interface Placed<T> {
  rect: Rect;
  data: T;
  value: number;
}

interface Sized<T> extends Weighted<T> {
  area: number;
}

function worst(row: readonly Sized<unknown>[], side: number): number {
  let sum = 0;
  let max = 0;
  let min = Infinity;
  for (const r of row) {
    sum += r.area;
    max = Math.max(max, r.area);
    min = Math.min(min, r.area);
  }
  const s2 = side * side;
  return Math.max((s2 * max) / (sum * sum), (sum * sum) / (s2 * min));
}

function layoutRow<T>(row: readonly Sized<T>[], rect: Rect, out: Placed<T>[]): Rect {
  const sum = row.reduce((a, r) => a + r.area, 0);
  if (rect.w >= rect.h) {
    const width = sum / rect.h;
    let y = rect.y;
    for (const r of row) {
      const h = r.area / width;
      out.push({ rect: { x: rect.x, y, w: width, h }, data: r.data, value: r.value });
      y += h;
    }
    return { x: rect.x + width, y: rect.y, w: Math.max(0, rect.w - width), h: rect.h };
  }
  const height = sum / rect.w;
  let x = rect.x;
  for (const r of row) {
    const w = r.area / height;
    out.push({ rect: { x, y: rect.y, w, h: height }, data: r.data, value: r.value });
    x += w;
  }
  return { x: rect.x, y: rect.y + height, w: rect.w, h: Math.max(0, rect.h - height) };
}

/** Places items (largest first) in `bounds`, each with an area proportional to its value. */
export function squarify<T>(items: readonly Weighted<T>[], bounds: Rect): Placed<T>[] {
  const list = items.filter((i) => i.value > 0).sort((a, b) => b.value - a.value);
  const total = list.reduce((a, i) => a + i.value, 0);
  if (total <= 0 || bounds.w <= 0 || bounds.h <= 0) return [];
  const scale = (bounds.w * bounds.h) / total;
  const sized: Sized<T>[] = list.map((i) => ({ ...i, area: i.value * scale }));
  const out: Placed<T>[] = [];
  let rect = { ...bounds };
  let row: Sized<T>[] = [];
  for (let i = 0; i < sized.length;) {
    const side = Math.min(rect.w, rect.h);
    const next = sized[i]!;
    if (row.length === 0 || worst([...row, next], side) <= worst(row, side)) {
      row.push(next);
      i++;
    } else {
      rect = layoutRow(row, rect, out);
      row = [];
    }
  }
  if (row.length) layoutRow(row, rect, out);
  return out;
}

const OWNER_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

/** Groups modules by host, or by host/owner on code-hosting sites where one host holds everything. */
export function moduleGroup(path: string): string {
  const parts = path.split('/');
  return OWNER_HOSTS.has(parts[0]!) && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

export interface TreemapCell {
  path: string;
  bytes: number;
  group: string;
  groupIndex: number;
  /** Position within its group, largest first. */
  rank: number;
  rect: Rect;
}

export interface TreemapGroup {
  key: string;
  index: number;
  bytes: number;
  rect: Rect;
  /** Whether the group is big enough for a title band. */
  titled: boolean;
}

const TITLE = 18;
const GAP = 2;

/** Two-level layout: groups first, then each group's modules inside its rectangle. */
export function treemap(
  modules: readonly { path: string; bytes: number; group?: string }[],
  bounds: Rect,
): { groups: TreemapGroup[]; cells: TreemapCell[] } {
  const byGroup = new Map<string, { path: string; bytes: number }[]>();
  for (const m of modules) {
    // A category named by the caller (Toolchains) wins over the host.
    const key = m.group ?? moduleGroup(m.path);
    const list = byGroup.get(key);
    if (list) list.push(m);
    else byGroup.set(key, [m]);
  }
  const placedGroups = squarify(
    [...byGroup].map(([key, list]) => ({
      value: list.reduce((a, m) => a + m.bytes, 0),
      data: { key, list },
    })),
    bounds,
  );
  const groups: TreemapGroup[] = [];
  const cells: TreemapCell[] = [];
  placedGroups.forEach((g, index) => {
    const titled = g.rect.h > TITLE * 2.5 && g.rect.w > 70;
    groups.push({ key: g.data.key, index, bytes: g.value, rect: g.rect, titled });
    const inner = {
      x: g.rect.x + GAP,
      y: g.rect.y + (titled ? TITLE : GAP),
      w: g.rect.w - GAP * 2,
      h: g.rect.h - (titled ? TITLE : GAP) - GAP,
    };
    squarify(
      g.data.list.map((m) => ({ value: m.bytes, data: m })),
      inner,
    ).forEach((c, rank) =>
      cells.push({
        path: c.data.path,
        bytes: c.value,
        group: g.data.key,
        groupIndex: index,
        rank,
        rect: c.rect,
      }),
    );
  });
  return { groups, cells };
}
