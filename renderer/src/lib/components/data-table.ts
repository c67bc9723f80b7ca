export interface Column<T> {
  id: string;
  label: string;
  /** What the column sorts by (and shows when the table has no cell snippet for it). */
  value: (row: T) => string | number | null;
  /** A CSS grid track: "minmax(240px, 1fr)", "96px". */
  width: string;
  align?: 'start' | 'end';
  sortable?: boolean;
  /** The first click sorts numbers largest first and text A→Z. */
  firstDir?: SortDir;
  /**
   * A column the table may leave out when it is too narrow for every column's minimum width:
   * the highest number goes first. Columns without it always show.
   */
  drop?: number;
}

/** The narrowest a track can be: the px minimum of "96px" or "minmax(240px, 1fr)", else 0. */
export function trackMin(width: string): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(width);
  return m ? Number(m[1]) : 0;
}

/**
 * The columns that fit in `room` px: optional ones are left out, highest `drop` first, until
 * the minimum widths fit (or nothing optional is left).
 */
export function fittingColumns<T>(columns: Column<T>[], room: number): Column<T>[] {
  if (room <= 0) return columns;
  const shown = [...columns];
  const need = () => shown.reduce((sum, c) => sum + trackMin(c.width), 0);
  while (need() > room) {
    const optional = shown.filter((c) => c.drop !== undefined);
    if (optional.length === 0) break;
    const next = optional.reduce((a, b) => (b.drop! > a.drop! ? b : a));
    shown.splice(shown.indexOf(next), 1);
  }
  return shown;
}

export type SortDir = 'asc' | 'desc';
export interface SortState {
  column: string;
  dir: SortDir;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorted copy; empty values last whatever the direction; ties keep their input order. */
export function sortRows<T>(rows: readonly T[], column: Column<T> | undefined, dir: SortDir): T[] {
  if (!column) return [...rows];
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: column.value(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : collator.compare(String(a.v), String(b.v));
      return c === 0 ? a.i - b.i : c * sign;
    })
    .map((x) => x.row);
}
