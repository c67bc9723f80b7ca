import { spawn } from 'node:child_process';

const PEERS = '/work/shared/bench/peers.sh';

/**
 * Runs peers.sh (restic and borg: full backup, no-op backup, repository size, restore) on a
 * folder, with its work in `workDir` (which it wipes first); returns "name metric" → value.
 */
export function runPeers(dir: string, workDir: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [PEERS, dir, workDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`peers.sh exited with ${code}`));
      const figures = new Map<string, number>();
      for (const line of out.trim().split('\n')) {
        const [name, metric, value] = line.trim().split(/\s+/);
        if (name && metric && value) figures.set(`${name} ${metric}`, Number(value));
      }
      resolve(figures);
    });
  });
}

/** A peer's figure, or an error naming what peers.sh did not print. */
export function peerFigure(figures: Map<string, number>, key: string): number {
  const v = figures.get(key);
  if (v === undefined) throw new Error(`peers.sh printed no "${key}"`);
  return v;
}
