import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { buildXmodProgram } from './xmod-oracle';

export interface SumdbServer {
  /** Serves the database at the root, and as a proxy does at /sumdb/<name>/. */
  url: string;
  name: string;
  vkey: string;
  /** GOSUMDB naming this database and its key, reached directly. */
  gosumdb: string;
  close(): void;
}

/**
 * A local checksum database (golang.org/x/mod/sumdb of the toolchain, signing with a key made
 * at start) serving `lines` — go.sum lines: "<path> <version>[/go.mod] <h1>". Hermetic: built
 * from GOROOT, listening on 127.0.0.1.
 */
export async function startSumdb(
  dir: string,
  lines: string[],
  name = 'sum.modvault.test',
  opts: {
    /** Made-up records logged first, so the tree spans several tile levels. */
    fill?: number;
    /** Sign with the key kept in this file (two servers sharing a key can fork the log). */
    keyFile?: string;
    /** Name of the .sums file written in `dir` (default: the database name). */
    sumsName?: string;
  } = {},
): Promise<SumdbServer> {
  const binary = buildXmodProgram('sumdb-server');
  const sums = path.join(dir, `${opts.sumsName ?? name}.sums`);
  writeFileSync(sums, lines.join('\n') + '\n');
  const args = ['-name', name, '-sums', sums];
  if (opts.fill) args.push('-fill', String(opts.fill));
  if (opts.keyFile) args.push('-key', opts.keyFile);
  const child = spawn(binary, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => resolve(l));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sumdb-server exited with ${code}`)));
  });
  const hello = JSON.parse(first) as { url: string; vkey: string; name: string };
  return {
    ...hello,
    gosumdb: `${hello.vkey} ${hello.url}`,
    close: () => child.kill(),
  };
}
