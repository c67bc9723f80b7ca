// A tiny anti-aliased rasterizer: shapes are signed distance functions on a 64-unit canvas,
// sampled 4×4 per pixel, composited front to back ("over"). Enough for flat icons.

const clamp = (v, a, b) => Math.max(a, Math.min(b, v));

export const shapes = {
  roundRect: (x, y, w, h, r) => (px, py) => {
    const qx = Math.abs(px - (x + w / 2)) - (w / 2 - r);
    const qy = Math.abs(py - (y + h / 2)) - (h / 2 - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  },
  circle: (cx, cy, r) => (px, py) => Math.hypot(px - cx, py - cy) - r,
  ring: (cx, cy, r, width) => (px, py) => Math.abs(Math.hypot(px - cx, py - cy) - r) - width / 2,
  /** A line segment with round caps. */
  line: (x1, y1, x2, y2, width) => (px, py) => {
    const dx = x2 - x1;
    const dy = y2 - y1;
    const t = clamp(((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy), 0, 1);
    return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)) - width / 2;
  },
  /** Equilateral triangle pointing up, `r` = half its side, corners rounded by `round`. */
  triangle: (cx, cy, r, round) => (px, py) => {
    const k = Math.sqrt(3);
    const h = r - round;
    let x = Math.abs(px - cx) - h;
    let y = -(py - cy) + h / k;
    if (x + k * y > 0) [x, y] = [(x - k * y) / 2, (-k * x - y) / 2];
    x -= clamp(x, -2 * h, 0);
    return -Math.hypot(x, y) * Math.sign(y) - round;
  },
  union:
    (...fs) =>
    (px, py) =>
      Math.min(...fs.map((f) => f(px, py))),
  subtract: (a, b) => (px, py) => Math.max(a(px, py), -b(px, py)),
};

/** A diagonal gradient from `from` (top left) to `to` (bottom right), colours as [r,g,b]. */
export function diagonal(from, to) {
  return (px, py) => {
    const t = clamp((px + py) / 128, 0, 1);
    return from.map((c, i) => c + (to[i] - c) * t);
  };
}

/**
 * Renders layers ({ shape, color: [r,g,b] | (x,y) => [r,g,b], alpha? }) at `size` pixels.
 * Later layers paint over earlier ones.
 */
export function render(size, layers) {
  const out = new Uint8Array(size * size * 4);
  const scale = 64 / size;
  const N = 4;
  // A pixel whose centre is farther than half its diagonal from every edge is uniform: one
  // sample does. Only pixels on edges are supersampled (16× fewer SDF calls on big icons).
  const uniformBeyond = scale * 0.75;
  const sample = (px, py) => {
    // Premultiplied colour and coverage of one sample.
    let pr = 0;
    let pg = 0;
    let pb = 0;
    let pa = 0;
    for (const layer of layers) {
      if (layer.shape(px, py) > 0) continue;
      const la = layer.alpha ?? 1;
      if (layer.erase) {
        pr *= 1 - la;
        pg *= 1 - la;
        pb *= 1 - la;
        pa *= 1 - la;
        continue;
      }
      const col = typeof layer.color === 'function' ? layer.color(px, py) : layer.color;
      pr = col[0] * la + pr * (1 - la);
      pg = col[1] * la + pg * (1 - la);
      pb = col[2] * la + pb * (1 - la);
      pa = la + pa * (1 - la);
    }
    return [pr, pg, pb, pa];
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = (x + 0.5) * scale;
      const cy = (y + 0.5) * scale;
      const uniform = layers.every((l) => Math.abs(l.shape(cx, cy)) > uniformBeyond);
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      if (uniform) {
        [r, g, b, a] = sample(cx, cy);
      } else {
        for (let sy = 0; sy < N; sy++) {
          for (let sx = 0; sx < N; sx++) {
            const [pr, pg, pb, pa] = sample(
              (x + (sx + 0.5) / N) * scale,
              (y + (sy + 0.5) / N) * scale,
            );
            r += pr / (N * N);
            g += pg / (N * N);
            b += pb / (N * N);
            a += pa / (N * N);
          }
        }
      }
      const i = (y * size + x) * 4;
      out[i + 3] = Math.round(a * 255);
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
    }
  }
  return out;
}
