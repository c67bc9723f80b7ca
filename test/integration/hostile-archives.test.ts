import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/errors';
import type { GoFixture } from '../fixtures/go-fixture';
import { CLI, runCli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixture';
import { snapshot } from '../helpers/store';
import type { TarEntrySpec } from '../helpers/tar-builder';
import { tarGz, zeroBombTarGz } from '../helpers/tar-builder';
import type { EntrySpec } from '../helpers/zip-builder';
import { buildZip } from '../helpers/zip-builder';

const run = promisify(execFile);
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** A fixture with a snapshot, and the files of its export (name → bytes), manifest first. */
async function exported(): Promise<{ fx: GoFixture; files: [string, Buffer][] }> {
  const fx = await copyFixture();
  expect((await snapshot(fx)).code).toBe(0);
  const dir = path.join(fx.root, 'export-dir');
  const res = await runCli(['export', 'latest', '--format', 'dir', '--out', dir], { env: fx.env });
  expect(res.code, res.stderr).toBe(0);
  const files: [string, Buffer][] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else files.push([r, readFileSync(path.join(d, e.name))]);
    }
  };
  walk(dir, '');
  files.sort(([a], [b]) =>
    a === 'modvault-export.json' ? -1 : b === 'modvault-export.json' ? 1 : 0,
  );
  return { fx, files };
}

const asTar = (files: [string, Buffer][]): TarEntrySpec[] =>
  files.map(([name, data]) => ({ name, data }));
const asZip = (files: [string, Buffer][]): EntrySpec[] =>
  files.map(([name, data]) => ({ name, data, method: 8 }));

interface Refusal {
  error: AppError;
  stderr: string;
}

/**
 * Imports `archive` into the fixture's store and expects a clean refusal: exit 2, an error
 * naming the archive, no stack trace, the store lock released and no tmp/import-* left.
 */
async function refused(fx: GoFixture, archive: string): Promise<Refusal> {
  const res = await runCli(['import', archive, '--json'], { env: fx.env });
  expect(res.code, `${res.stdout}\n${res.stderr}`).toBe(2);
  expect(res.stderr).not.toMatch(/\n\s+at /);
  const { error } = res.json<{ error: AppError }>();
  expect(error.path).toBe(archive);
  expect(error.fix).toBeTruthy();
  const store = fx.env.MODVAULT_STORE!;
  expect(existsSync(path.join(store, 'store.lock'))).toBe(false);
  expect(readdirSync(path.join(store, 'tmp')).filter((n) => n.startsWith('import-'))).toEqual([]);
  return { error, stderr: res.stderr };
}

async function write(fx: GoFixture, name: string, bytes: Buffer): Promise<string> {
  const file = path.join(fx.root, name);
  await writeFile(file, bytes);
  return file;
}

describe('hostile archives are refused cleanly', () => {
  it('a tar.gz entry climbing out with ../ is refused, naming it; nothing lands outside', async () => {
    const { fx, files } = await exported();
    const file = await write(
      fx,
      'climb.tar.gz',
      tarGz([...asTar(files), { name: '../../climbed.txt', data: 'owned' }]),
    );
    const { error } = await refused(fx, file);
    expect(error.code).toBe('UNSAFE_PATH');
    expect(error.message).toContain('"../../climbed.txt"');
    expect(existsSync(path.join(fx.env.MODVAULT_STORE!, '..', 'climbed.txt'))).toBe(false);
    expect(existsSync(path.join(fx.root, 'climbed.txt'))).toBe(false);
  });

  it('an absolute tar.gz entry is refused', async () => {
    const { fx, files } = await exported();
    const target = path.join(fx.root, 'absolute.txt');
    const file = await write(
      fx,
      'abs.tar.gz',
      tarGz([{ name: target, data: 'x' }, ...asTar(files)]),
    );
    const { error } = await refused(fx, file);
    expect(error.message).toContain(JSON.stringify(target));
    expect(existsSync(target)).toBe(false);
  });

  it('symlink and hard-link entries in a tar.gz are refused, and not unpacked as files', async () => {
    const { fx, files } = await exported();
    const mod = files.find(([n]) => n.endsWith('.mod'))![0];
    for (const [type, word] of [
      ['2', 'symlink'],
      ['1', 'hard link'],
    ] as const) {
      const entries = asTar(files).map((e) =>
        e.name === mod ? { name: mod, type, linkname: '/etc/shadow' } : e,
      );
      const file = await write(fx, `link-${type}.tar.gz`, tarGz(entries));
      const { error } = await refused(fx, file);
      expect(error.code).toBe('UNSAFE_PATH');
      expect(error.message).toContain(`${word} entry ${JSON.stringify(mod)} -> "/etc/shadow"`);
    }
  });

  it('devices and FIFOs in a tar.gz are refused', async () => {
    const { fx, files } = await exported();
    const file = await write(
      fx,
      'fifo.tar.gz',
      tarGz([...asTar(files), { name: 'example.com/lib/@v/v9.0.0.mod', type: '6' }]),
    );
    expect((await refused(fx, file)).error.message).toMatch(/named pipe \(FIFO\) entry/);
  });

  it('a duplicate entry is refused (also when only the case differs)', async () => {
    const { fx, files } = await exported();
    const [name] = files.find(([n]) => n.endsWith('.info'))!;
    const dup = await write(fx, 'dup.tar.gz', tarGz([...asTar(files), { name, data: 'evil' }]));
    expect((await refused(fx, dup)).error.message).toContain(`holds ${JSON.stringify(name)} twice`);
    const upper = name.replace('example.com', 'EXAMPLE.com');
    const folded = await write(
      fx,
      'dup-case.zip',
      buildZip({ entries: [...asZip(files), { name: upper, data: 'x' }] }).bytes,
    );
    expect((await refused(fx, folded)).error.message).toMatch(/case-insensitive/);
  });

  it('an entry the manifest does not list is refused, before it is written', async () => {
    const { fx, files } = await exported();
    const extra = 'example.com/evil/@v/v1.0.0.mod';
    for (const [ext, bytes] of [
      ['tar.gz', tarGz([...asTar(files), { name: extra, data: 'module example.com/evil\n' }])],
      ['zip', buildZip({ entries: [{ name: extra, data: 'module x\n' }, ...asZip(files)] }).bytes],
    ] as const) {
      const file = await write(fx, `extra.${ext}`, bytes);
      expect((await refused(fx, file)).error.message).toContain(
        `${JSON.stringify(extra)}, which is not part of the export its manifest describes`,
      );
    }
  });

  it('zip entries that are symlinks, climb out, or carry a NUL or a backslash are refused', async () => {
    const { fx, files } = await exported();
    const cases: [EntrySpec, RegExp][] = [
      [{ name: '../up.txt', data: 'x' }, /outside its folder: "\.\.\/up\.txt"/],
      [{ name: 'a\\..\\..\\b.txt', data: 'x' }, /outside its folder/],
      [{ name: 'nul\0.mod', data: 'x' }, /outside its folder/],
      [
        { name: 'example.com/lib/@v/v1.0.0.info', data: '/etc/shadow', unixMode: 0o120777 },
        /symlink entry "example\.com\/lib\/@v\/v1\.0\.0\.info"/,
      ],
    ];
    for (const [i, [entry, message]] of cases.entries()) {
      const others = asZip(files).filter((e) => e.name !== entry.name);
      const file = await write(fx, `bad-${i}.zip`, buildZip({ entries: [...others, entry] }).bytes);
      expect((await refused(fx, file)).error.message).toMatch(message);
    }
  });

  it('a PAX header that lies about an entry size is refused, not trusted', async () => {
    const { fx, files } = await exported();
    const [name, data] = files.find(([n]) => n.endsWith('.info'))!;
    const lies = asTar(files).map((e) =>
      e.name === name ? { name, data, pax: { size: String(3 * GIB) } } : e,
    );
    const big = await refused(fx, await write(fx, 'pax-big.tar.gz', tarGz(lies)));
    expect(big.error.message).toMatch(/"[^"]+\.info" is 3(\.0+)? GiB, more than the/);
    const small = asTar(files).map((e) =>
      e.name === name ? { name, data: Buffer.alloc(4096, 'x'), pax: { size: '10' } } : e,
    );
    const short = await refused(fx, await write(fx, 'pax-small.tar.gz', tarGz(small)));
    expect(short.error.code).toBe('CORRUPT');
  });
});

/** Runs the CLI under /usr/bin/time: its exit code, output, and peak RSS in bytes. */
async function importMeasured(fx: GoFixture, archive: string) {
  try {
    const r = await run(
      '/usr/bin/time',
      ['-f', 'peak-rss-kib=%M', process.execPath, CLI, 'import', archive, '--json'],
      {
        env: fx.env,
        maxBuffer: 16 * MIB,
      },
    );
    return { code: 0, ...r, rss: Number(/peak-rss-kib=(\d+)/.exec(r.stderr)![1]) * 1024 };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return {
      code: x.code,
      stdout: x.stdout,
      stderr: x.stderr,
      rss: Number(/peak-rss-kib=(\d+)/.exec(x.stderr)?.[1]) * 1024,
    };
  }
}

/** Bytes of files under `dir`. */
function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) n += readFileSync(path.join(e.parentPath, e.name)).length;
  return n;
}

describe('decompression bombs stop within a few megabytes', () => {
  it('a 3 GiB entry in a few-MB tar.gz: refused from its header, in little memory', async () => {
    const { fx, files } = await exported();
    const name = 'example.com/lib/@v/v1.0.0.zip';
    const bomb = zeroBombTarGz(asTar(files.filter(([n]) => n !== name)), name, 3 * GIB);
    expect(bomb.length).toBeLessThan(5 * MIB);
    const file = await write(fx, 'bomb.tar.gz', bomb);
    // lib@v1.0.0.zip is in the manifest, but not at 3 GiB: refused from its header.
    await mkdir(path.join(fx.env.MODVAULT_STORE!, 'tmp'), { recursive: true });
    const res = await importMeasured(fx, file);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(
      /"example\.com\/lib\/@v\/v1\.0\.0\.zip" is 3(\.0+)? GiB, more than the .* its manifest allows/,
    );
    expect(res.rss).toBeLessThan(300 * MIB);
    expect(bytesUnder(fx.env.MODVAULT_STORE!)).toBeLessThan(4 * MIB);
  });

  it('without a manifest, a zero bomb within the size limits is stopped by the ratio limit', async () => {
    const { fx } = await exported();
    const bomb = zeroBombTarGz([], 'example.com/lib/@v/v1.0.0.zip', 400 * MIB);
    const file = await write(fx, 'ratio.tar.gz', bomb);
    await mkdir(path.join(fx.env.MODVAULT_STORE!, 'tmp'), { recursive: true });
    const res = await importMeasured(fx, file);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(
      /unpacks to more than 100 times its compressed size .*decompression bomb/,
    );
    expect(res.rss).toBeLessThan(300 * MIB);
    // Refused within ~10 MB of unpacked data, and that is removed again.
    expect(res.stderr).toMatch(/\(\d(\.\d+)? MiB from/);
    expect(readdirSync(path.join(fx.env.MODVAULT_STORE!, 'tmp'))).toEqual([]);
  });

  it('a zip bomb is refused from its central directory, before anything is unpacked', async () => {
    const { fx, files } = await exported();
    const zeros = Buffer.alloc(64 * MIB);
    // With a manifest: a listed module zip declaring 64 MiB of zeros.
    const listed = buildZip({
      entries: asZip(files).map((e) =>
        e.name === 'example.com/lib/@v/v1.0.0.zip' ? { ...e, data: zeros } : e,
      ),
    });
    const one = await refused(fx, await write(fx, 'listed-bomb.zip', listed.bytes));
    expect(one.error.message).toMatch(/is 64(\.0)? MiB, more than the .* its manifest allows/);
    // Without one: 10 module zips of 64 MiB each, 640 KB compressed.
    const many: EntrySpec[] = Array.from({ length: 10 }, (_, i) => ({
      name: `example.com/m${i}/@v/v1.0.0.zip`,
      data: zeros,
    }));
    const bomb = buildZip({ entries: many });
    expect(bomb.bytes.length).toBeLessThan(1 * MIB);
    const file = await write(fx, 'bomb.zip', bomb.bytes);
    const res = await importMeasured(fx, file);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/unpacks to more than 100 times its compressed size/);
    expect(res.rss).toBeLessThan(300 * MIB);
    expect(bytesUnder(fx.env.MODVAULT_STORE!)).toBeLessThan(4 * MIB);
  });

  it('many small entries beyond what the manifest lists stop at once', async () => {
    const { fx, files } = await exported();
    const many = Array.from({ length: 20_000 }, (_, i) => ({ name: `x/${i}`, data: '' }));
    const file = await write(fx, 'many.tar.gz', tarGz([...asTar(files), ...many]));
    expect((await refused(fx, file)).error.message).toContain('"x/0"');
  });
});
