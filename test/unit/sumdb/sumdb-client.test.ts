import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoteError, openNote, parseVerifierKey } from '../../../electron/engine/sumdb/note';
import type { SumdbClientOptions } from '../../../electron/engine/sumdb/sumdb-client';
import { SumdbClient, webGetter } from '../../../electron/engine/sumdb/sumdb-client';
import {
  matchPrefixPatterns,
  parseGoSumdb,
  proxyEntries,
} from '../../../electron/engine/sumdb/sumdb-config';
import { parseTree } from '../../../electron/engine/sumdb/tlog';
import type { SumdbServer } from '../../helpers/sumdb-server';
import { startSumdb } from '../../helpers/sumdb-server';
import { removeTreeSync, tempDir } from '../../helpers/temp';
import { askGo, xmodOracleBinary } from '../../helpers/xmod-oracle';

// The client is checked against golang.org/x/mod/sumdb of the toolchain itself: a real checksum
// database (test/fixtures/sumdb-server) whose log spans three tile levels, and hostile servers
// in front of it that alter what it says.

const FILL = 70_000; // > 256² records: level-0, level-1 and level-2 tiles
const LINES = [
  'example.com/a v1.0.0 h1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=',
  'example.com/a v1.0.0/go.mod h1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=',
  'example.com/Upper v1.2.3-RC.1/go.mod h1:ccccccccccccccccccccccccccccccccccccccccccc=',
];

let dir: string;
let db: SumdbServer;
let fork: SumdbServer;
let oracle: string;

beforeAll(async () => {
  oracle = xmodOracleBinary();
  dir = await tempDir('modvault-sumdb-');
  const keyFile = path.join(dir, 'key');
  db = await startSumdb(dir, LINES, 'sum.modvault.test', { fill: FILL, keyFile });
  // Same key, another log: a database showing different trees to different users.
  fork = await startSumdb(dir, [LINES[2]!, LINES[0]!, LINES[1]!], 'sum.modvault.test', {
    keyFile,
    sumsName: 'fork',
    fill: 3,
  });
}, 180_000);

afterAll(() => {
  db?.close();
  fork?.close();
  if (dir) removeTreeSync(dir);
});

function client(over: Partial<SumdbClientOptions> & { gosumdb?: string } = {}): SumdbClient {
  const setting = parseGoSumdb(over.gosumdb ?? db.gosumdb);
  if (setting.kind !== 'db') throw new Error(`not a database: ${setting.kind}`);
  return new SumdbClient({
    setting,
    goproxy: 'off',
    gomodcache: path.join(dir, 'no-cache'),
    sumdbDir: path.join(dir, 'no-sumdb'),
    get: webGetter(5000),
    ...over,
  });
}

/** An HTTP server in front of the database that may rewrite its answers. */
async function inFront(
  target: string,
  rewrite: (url: string, body: Buffer) => Buffer,
): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    request(`${target}${req.url}`, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        res.writeHead(up.statusCode ?? 500);
        res.end(rewrite(req.url ?? '', Buffer.concat(chunks)));
      });
    }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => void server.close(),
  };
}

describe('signed notes', () => {
  it('verifies the tree head the database signed, and rejects an altered one', async () => {
    const latest = await (await fetch(`${db.url}/latest`)).text();
    const v = parseVerifierKey(db.vkey);
    const tree = parseTree(openNote(latest, v));
    expect(tree.size).toBe(FILL + 2);
    expect(() => openNote(latest.replace(String(tree.size), String(tree.size + 1)), v)).toThrow(
      /invalid signature/,
    );
    const other = parseVerifierKey(
      'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
    );
    expect(() => openNote(latest, other)).toThrow(/no verifiable signature/);
    expect(() => openNote('no signature at all\n', v)).toThrow(NoteError);
  });

  it('reads verifier keys exactly as note.NewVerifier does', () => {
    const good = db.vkey;
    const [name, hash, key] = good.split('+') as [string, string, string];
    const flipped = key.slice(0, 5) + (key[5] === 'A' ? 'B' : 'A') + key.slice(6);
    const keys = [
      good,
      'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
      `${name}+${hash}+${flipped}`,
      `${name}+00000000+${key}`,
      `${name}+${hash}`,
      `other.name+${hash}+${key}`,
      `${name}+${hash.toUpperCase()}+${key}`,
      `${name}+${hash}+${key}=`,
      'garbage',
      '',
    ];
    const go = askGo(
      oracle,
      keys.map((k) => ({ op: 'newVerifier' as const, args: [k] })),
    );
    keys.forEach((k, i) => {
      let ours: string;
      try {
        ours = parseVerifierKey(k).name;
      } catch {
        ours = '';
      }
      expect(ours, k).toBe(go[i]!.err ? '' : go[i]!.value);
    });
  });
});

describe('GOSUMDB, GONOSUMDB and GOPROXY as the go command reads them', () => {
  it('matches private-module patterns exactly as module.MatchPrefixPatterns', () => {
    const cases: [string, string][] = [
      ['example.com/private', 'example.com/private/x'],
      ['example.com/private', 'example.com/privatex'],
      ['example.com/*', 'example.com/a/b'],
      ['*.corp.example.com', 'git.corp.example.com/x/y'],
      ['*.corp.example.com', 'corp.example.com/x'],
      ['example.com/private/', 'example.com/private/x'],
      ['a.com,,b.com/x', 'b.com/x/y'],
      ['b.com/x/y/z', 'b.com/x/y'],
      ['[a-c].com', 'b.com/q'],
      ['[^a-c].com', 'b.com/q'],
      ['[!a].com', 'a.com'],
      ['a\\*.com', 'a*.com/x'],
      ['a?.com', 'ab.com/x'],
      ['a?.com', 'a/.com'],
      ['[a-].com', 'a.com'],
      ['[]].com', '].com'],
      ['*', 'anything/at/all'],
      ['', 'x.com'],
      ['golang.org/x', 'golang.org/x/mod'],
    ];
    const go = askGo(
      oracle,
      cases.map(([g, t]) => ({ op: 'matchPrefixPatterns' as const, args: [g, t] })),
    );
    cases.forEach(([g, t], i) =>
      expect(matchPrefixPatterns(g, t) !== null, `${g} ~ ${t}`).toBe(go[i]!.value === 'true'),
    );
  });

  it('reads GOSUMDB: off, known names, keys with and without a URL', () => {
    expect(parseGoSumdb('off')).toEqual({ kind: 'off' });
    expect(parseGoSumdb('')).toMatchObject({ kind: 'db', name: 'sum.golang.org', url: null });
    expect(parseGoSumdb('sum.golang.google.cn')).toMatchObject({
      name: 'sum.golang.org',
      url: 'https://sum.golang.google.cn',
    });
    expect(parseGoSumdb(db.gosumdb)).toMatchObject({ name: db.name, url: db.url });
    expect(parseGoSumdb('a b c')).toMatchObject({ kind: 'invalid' });
    expect(parseGoSumdb('sum.example.com')).toMatchObject({ kind: 'invalid' });
    expect(proxyEntries('https://a.example|b.example, direct,https://never')).toEqual({
      entries: [
        { url: 'https://a.example', fallBackOnError: true },
        { url: 'https://b.example', fallBackOnError: false },
      ],
      ends: 'direct',
    });
  });
});

describe('lookups, authenticated against the signed log', () => {
  it('answers for records across every tile level, directly at the URL GOSUMDB gives', async () => {
    const c = client();
    expect(await c.lookup('example.com/a', 'v1.0.0')).toEqual({
      status: 'found',
      h1: 'h1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=',
      modH1: 'h1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=',
      via: db.url,
    });
    expect(await c.lookup('example.com/Upper', 'v1.2.3-RC.1')).toMatchObject({
      status: 'found',
      h1: null,
      modH1: 'h1:ccccccccccccccccccccccccccccccccccccccccccc=',
    });
    for (const id of [0, 1, 255, 256, 65_535, 65_536, FILL - 1])
      expect(await c.lookup(`fill.modvault.test/m${id}`, 'v1.0.0'), `record ${id}`).toMatchObject({
        status: 'found',
      });
    expect(await c.lookup('example.com/unknown', 'v1.0.0')).toMatchObject({
      status: 'not-found',
    });
  });

  it('finds the database through the proxy as the go command does (/sumdb/<name>/supported)', async () => {
    const missing = `file://${path.join(dir, 'no-such-proxy')}`;
    const c = client({ gosumdb: db.vkey, goproxy: `${missing},${db.url},direct` });
    expect(await c.lookup('example.com/a', 'v1.0.0')).toMatchObject({
      status: 'found',
      via: `${db.url}/sumdb/${db.name}`,
    });
    // A proxy that fails (not 404/410) stops the walk unless "|" allows falling back.
    const down = 'http://127.0.0.1:1';
    expect(
      await client({ gosumdb: db.vkey, goproxy: `${down},${db.url}` }).lookup(
        'example.com/a',
        'v1.0.0',
      ),
    ).toMatchObject({ status: 'unreachable' });
    expect(
      await client({ gosumdb: db.vkey, goproxy: `${down}|${db.url}` }).lookup(
        'example.com/a',
        'v1.0.0',
      ),
    ).toMatchObject({ status: 'found' });
  });

  it('calls a proxy that alters a record, a tile or the tree head misbehaving', async () => {
    const alter = async (what: RegExp, edit: (b: Buffer) => Buffer) => {
      const mitm = await inFront(db.url, (url, body) => (what.test(url) ? edit(body) : body));
      try {
        return await client({ gosumdb: `${db.vkey} ${mitm.url}` }).lookup(
          'example.com/a',
          'v1.0.0',
        );
      } finally {
        mitm.close();
      }
    };
    const poisoned = await alter(/lookup/, (b) =>
      Buffer.from(b.toString().replace('h1:aaaa', 'h1:zzzz')),
    );
    expect(poisoned).toMatchObject({ status: 'misbehaving' });
    expect((poisoned as { error: string }).error).toMatch(/cannot authenticate record/);
    const tile = await alter(/tile\/8\/0\//, (b) => {
      const c = Buffer.from(b);
      c[0] = c[0]! ^ 1;
      return c;
    });
    expect(tile).toMatchObject({ status: 'misbehaving' });
    const unsigned = await alter(/lookup/, (b) =>
      Buffer.from(
        b.toString().replace(/\n— [^\n]+\n$/, '\n— sum.modvault.test AAAAAAAAAAAAAAAA\n'),
      ),
    );
    expect(unsigned).toMatchObject({ status: 'misbehaving' });
  });

  it('calls a log that does not extend the tree the go command saw last a fork', async () => {
    // The go command last saw the small log; the database now shows a big one that does not
    // begin with it.
    const sumdbDir = path.join(dir, 'gopath-sumdb');
    mkdirSync(path.join(sumdbDir, db.name), { recursive: true });
    const latest = path.join(sumdbDir, db.name, 'latest');
    writeFileSync(latest, await (await fetch(`${fork.url}/latest`)).text());
    const forked = await client({ sumdbDir }).lookup('example.com/a', 'v1.0.0');
    expect(forked).toMatchObject({ status: 'misbehaving' });
    expect((forked as { error: string }).error).toMatch(/server misbehavior/);
    // A tree head of the same log, older or newer, is fine.
    writeFileSync(latest, await (await fetch(`${db.url}/latest`)).text());
    expect(await client({ sumdbDir }).lookup('example.com/a', 'v1.0.0')).toMatchObject({
      status: 'found',
    });
    expect(
      await client({ sumdbDir, gosumdb: `${db.vkey} ${fork.url}` }).lookup(
        'example.com/a',
        'v1.0.0',
      ),
    ).toMatchObject({ status: 'unreachable' });
  });

  it("answers offline from the module cache's earlier lookups and tiles, and distrusts damaged ones", async () => {
    const gomodcache = path.join(dir, 'modcache');
    const cacheDir = path.join(gomodcache, 'cache', 'download', 'sumdb', db.name);
    const lookup = path.join(cacheDir, 'lookup', 'example.com', 'a@v1.0.0');
    mkdirSync(path.dirname(lookup), { recursive: true });
    const answer = await (await fetch(`${db.url}/lookup/example.com/a@v1.0.0`)).text();
    writeFileSync(lookup, answer);
    // The tiles that lookup needs, kept where go keeps them (partial ones under .p/<width>).
    const recorder = await inFront(db.url, (url, body) => {
      if (url.startsWith('/tile/')) {
        const file = path.join(cacheDir, ...url.slice(1).split('/'));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, body);
      }
      return body;
    });
    try {
      await client({ gosumdb: `${db.vkey} ${recorder.url}` }).lookup('example.com/a', 'v1.0.0');
    } finally {
      recorder.close();
    }
    const offline = `${db.vkey} http://127.0.0.1:1`;
    expect(
      await client({ gomodcache, gosumdb: offline }).lookup('example.com/a', 'v1.0.0'),
    ).toEqual(expect.objectContaining({ status: 'found', via: 'cache' }));
    writeFileSync(lookup, answer.replace('h1:aaaa', 'h1:zzzz'));
    expect(
      await client({ gomodcache, gosumdb: offline }).lookup('example.com/a', 'v1.0.0'),
    ).toMatchObject({
      status: 'unreachable',
    });
    expect(await client({ gomodcache }).lookup('example.com/a', 'v1.0.0')).toMatchObject({
      status: 'found',
      via: db.url,
    });
  });
});
