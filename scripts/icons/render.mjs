// ModVault's icons, drawn from the same shapes as the renderer's Logo.svelte: the app icon in
// every size the installers want, and the tray icon in its four states for each OS.
import { encodeIco, encodePng } from './png.mjs';
import { diagonal, render, shapes } from './raster.mjs';

const { roundRect, circle, ring, line, triangle, union } = shapes;
const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

function vaultDoor(cx, cy, r, stroke, hub, spoke, color) {
  const gap = r - stroke / 2 - 1;
  return [
    { shape: ring(cx, cy, r, stroke), color },
    { shape: circle(cx, cy, hub), color },
    {
      shape: union(
        line(cx, cy - gap, cx, cy - hub - 2.5, spoke),
        line(cx, cy + hub + 2.5, cx, cy + gap, spoke),
        line(cx - gap, cy, cx - hub - 2.5, cy, spoke),
        line(cx + hub + 2.5, cy, cx + gap, cy, spoke),
      ),
      color,
    },
  ];
}

function appIcon(size) {
  return encodePng(
    size,
    size,
    render(size, [
      { shape: roundRect(2, 2, 60, 60, 14), color: diagonal(hex('#19a7d8'), hex('#0b5d8c')) },
      ...vaultDoor(32, 32, 19, 5, 5.5, 4, WHITE),
    ]),
  );
}

export const STATES = ['idle', 'running', 'warning', 'error'];

/** The state badge in the bottom-right corner, cut out of the glyph so it reads at 16 px. */
function badge(state, template) {
  if (state === 'idle') return [];
  const color = template
    ? BLACK
    : hex({ running: '#2f80ed', warning: '#f5a524', error: '#e5484d' }[state]);
  const cut = {
    shape: state === 'warning' ? triangle(47, 48, 17, 2) : circle(47, 47, 17),
    erase: true,
    color,
  };
  if (state === 'warning')
    return [
      cut,
      { shape: triangle(47, 49, 13, 2.5), color },
      ...(template ? [] : [{ shape: line(47, 43, 47, 49, 3.5), color: WHITE }]),
    ];
  const mark =
    state === 'error'
      ? { shape: line(41.5, 47, 52.5, 47, 4.5), color: WHITE, ...(template && { erase: true }) }
      : { shape: circle(47, 47, 4), color: WHITE, ...(template && { erase: true }) };
  return [cut, { shape: circle(47, 47, 13), color }, mark];
}

function trayGlyph(size, state, template) {
  const color = template ? BLACK : hex('#1689c4');
  return render(size, [...vaultDoor(30, 30, 23, 8, 7, 6, color), ...badge(state, template)]);
}

/** Every icon file, keyed by its path under resources/. Deterministic: same bytes every run. */
export function renderIcons() {
  const files = new Map();
  files.set('icon.png', appIcon(1024));
  for (const s of [16, 32, 48, 64, 128, 256, 512]) files.set(`icons/${s}x${s}.png`, appIcon(s));
  files.set(
    'icon.ico',
    encodeIco([16, 24, 32, 48, 64, 128, 256].map((s) => ({ size: s, png: appIcon(s) }))),
  );
  for (const state of STATES) {
    files.set(`tray/${state}.png`, encodePng(32, 32, trayGlyph(32, state, false)));
    files.set(`tray/${state}@2x.png`, encodePng(64, 64, trayGlyph(64, state, false)));
    files.set(`tray/${state}Template.png`, encodePng(16, 16, trayGlyph(16, state, true)));
    files.set(`tray/${state}Template@2x.png`, encodePng(32, 32, trayGlyph(32, state, true)));
    files.set(
      `tray/${state}.ico`,
      encodeIco(
        [16, 20, 24, 32, 40, 48].map((s) => ({
          size: s,
          png: encodePng(s, s, trayGlyph(s, state, false)),
        })),
      ),
    );
  }
  return files;
}
