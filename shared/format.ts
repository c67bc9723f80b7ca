// Number and date formatting shared by the CLI and the renderer so both show the same figures.
import { createFmt } from './i18n/fmt';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s % 60);
  if (m < 60) return `${m} min ${rest} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Parses sizes such as "500M", "2GiB", "1.5 GB" or a plain byte count. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b?)\s*$/i.exec(text);
  if (!m) return null;
  const power = 'bkmgtp'.indexOf((m[2] || 'b').toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** power);
}

/** Parses durations such as "30d", "12h", "90m", "2w", "45s". */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$/i.exec(text);
  if (!m) return null;
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2]!.toLowerCase() as 's'];
  return Math.round(Number(m[1]) * unit * 1000);
}

const english = createFmt('en');

/** A moment as every CLI command prints it ("Dec 3, 2026, 1:37 PM"): the UI's English format. */
export function formatDateTime(ms: number | string): string {
  return english.dateTime(typeof ms === 'string' ? Date.parse(ms) : ms);
}

/** A day as every CLI command prints it ("Dec 3, 2026"). */
export function formatDate(ms: number | string): string {
  return english.date(typeof ms === 'string' ? Date.parse(ms) : ms);
}
