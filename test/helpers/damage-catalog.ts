import { chmod, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import type { RestoreStatus } from '../../shared/dto/restore';
import type { GoFixture } from '../fixtures/go-fixture';
import type { Mod } from './cache-damage';
import { cachePaths, editTreeFile, tamperedZip } from './cache-damage';
import { ZipReader } from '../../electron/engine/gomod/zip-reader';
import { askGo, xmodOracleBinary } from './xmod-oracle';
import { removeTree } from './temp';

/**
 * Every damaged state the scanner and the verifier know (GO-CACHE.md, scanner.ts), each made
 * for real on one version of a fixture cache. Tests run each through the restore plan, the
 * restore, the doctor's and the CLI's advice, and the UI: one list, so a state added here is
 * checked everywhere.
 */
export interface Damage {
  name: string;
  /** Damages version `m` (one with an extracted tree) of the fixture's cache. */
  apply(fx: GoFixture, m: Mod): Promise<void>;
  /** How a full-mode restore plan classifies the version (quick mode may differ for trees). */
  plan: RestoreStatus;
  /** Needs the unprivileged user to be real (root reads a mode-000 file). */
  asNobodyOnly?: boolean;
}

/** Offsets of one deflated entry of a zip: its central-directory record and its data. */
function deflatedEntry(zip: Buffer): { central: number; data: number; size: number } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = zip.readUInt32LE(eocd + 16);
  let best: { central: number; data: number; size: number } | null = null;
  for (let i = zip.readUInt16LE(eocd + 10); i > 0; i--) {
    const [nameLen, extraLen, commentLen] = [28, 30, 32].map((o) => zip.readUInt16LE(p + o));
    const local = zip.readUInt32LE(p + 42);
    const size = zip.readUInt32LE(p + 20);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (zip.readUInt16LE(p + 10) === 8 && (!best || size > best.size))
      best = { central: p, data, size };
    p += 46 + nameLen! + extraLen! + commentLen!;
  }
  if (!best) throw new Error('no deflated entry in the zip');
  return best;
}

async function rewriteZip(fx: GoFixture, m: Mod, change: (zip: Buffer) => void): Promise<void> {
  const file = cachePaths(fx, m).file('zip');
  const zip = await readFile(file);
  change(zip);
  await writeFile(file, zip);
}

const file = (fx: GoFixture, m: Mod, ext: string) => cachePaths(fx, m).file(ext);

/** The first file of the version's zip, relative to the module root. */
function firstFile(fx: GoFixture, m: Mod): string {
  const reader = ZipReader.openSync(file(fx, m, 'zip'));
  try {
    const name = reader.entries.find((e) => !e.name.endsWith('/'))!.name;
    return name.slice(`${m.path}@${m.version}/`.length);
  } finally {
    reader.close();
  }
}

const tampered = async (fx: GoFixture, m: Mod) =>
  tamperedZip(fx, m, firstFile(fx, m), ['', '// tampered\n']);

export const DAMAGES: Damage[] = [
  {
    name: 'zip truncated',
    plan: 'damaged',
    apply: (fx, m) => truncate(file(fx, m, 'zip'), 300),
  },
  {
    name: 'zip truncated, tree gone',
    plan: 'damaged',
    apply: async (fx, m) => {
      await truncate(file(fx, m, 'zip'), 100);
      await removeTree(cachePaths(fx, m).tree);
    },
  },
  {
    name: 'zip empty',
    plan: 'damaged',
    apply: (fx, m) => truncate(file(fx, m, 'zip'), 0),
  },
  {
    // The central directory is intact (the scanner sees a good zip): only inflating fails.
    name: 'zip with bad deflate data',
    plan: 'damaged',
    apply: (fx, m) =>
      rewriteZip(fx, m, (zip) => {
        const e = deflatedEntry(zip);
        for (let i = 0; i < 64 && i < e.size; i++) zip[e.data + i]! ^= 0xff;
      }),
  },
  {
    name: 'zip with a bad CRC',
    plan: 'damaged',
    apply: (fx, m) =>
      rewriteZip(fx, m, (zip) => {
        const e = deflatedEntry(zip);
        zip.writeUInt32LE((zip.readUInt32LE(e.central + 16) ^ 1) >>> 0, e.central + 16);
      }),
  },
  {
    name: 'zip content tampered, .ziphash intact',
    plan: 'damaged',
    apply: async (fx, m) => writeFile(file(fx, m, 'zip'), await tampered(fx, m)),
  },
  {
    name: 'zip and .ziphash tampered consistently',
    plan: 'damaged',
    apply: async (fx, m) => {
      await writeFile(file(fx, m, 'zip'), await tampered(fx, m));
      const [h] = askGo(xmodOracleBinary(), [{ op: 'hashZip', args: [file(fx, m, 'zip')] }]);
      await writeFile(file(fx, m, 'ziphash'), h!.value);
    },
  },
  {
    name: 'zip replaced by a folder',
    plan: 'damaged',
    apply: async (fx, m) => {
      await rm(file(fx, m, 'zip'));
      await mkdir(file(fx, m, 'zip'));
    },
  },
  {
    name: 'zip unreadable (mode 000)',
    plan: 'damaged',
    asNobodyOnly: true,
    apply: (fx, m) => chmod(file(fx, m, 'zip'), 0o000),
  },
  {
    name: 'wrong .ziphash (well-formed)',
    plan: 'damaged',
    apply: (fx, m) =>
      writeFile(file(fx, m, 'ziphash'), 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='),
  },
  {
    name: 'garbage .ziphash',
    plan: 'damaged',
    apply: (fx, m) => writeFile(file(fx, m, 'ziphash'), 'garbage'),
  },
  {
    name: 'garbage .info',
    plan: 'damaged',
    apply: (fx, m) => writeFile(file(fx, m, 'info'), '{"Version":'),
  },
  {
    name: '.mod missing',
    plan: 'incomplete',
    apply: (fx, m) => rm(file(fx, m, 'mod')),
  },
  {
    name: '.mod edited',
    plan: 'damaged',
    apply: async (fx, m) =>
      writeFile(
        file(fx, m, 'mod'),
        (await readFile(file(fx, m, 'mod'), 'utf8')) + '\nrequire example.com/evil v1.0.0\n',
      ),
  },
  {
    name: '.partial left over',
    plan: 'incomplete',
    apply: (fx, m) => writeFile(file(fx, m, 'partial'), ''),
  },
  {
    name: 'tree only (zip and .ziphash gone)',
    plan: 'incomplete',
    apply: async (fx, m) => {
      await rm(file(fx, m, 'zip'));
      await rm(file(fx, m, 'ziphash'));
    },
  },
  {
    name: 'tree deleted',
    plan: 'incomplete',
    apply: (fx, m) => removeTree(cachePaths(fx, m).tree),
  },
  {
    name: 'tree file edited',
    plan: 'damaged',
    apply: (fx, m) => editTreeFile(fx, m, firstFile(fx, m), '\n// edited in place\n'),
  },
  {
    name: 'tree unreadable (mode 000)',
    plan: 'damaged',
    asNobodyOnly: true,
    apply: (fx, m) => chmod(cachePaths(fx, m).tree, 0o000),
  },
  {
    name: 'leftovers of an interrupted go command',
    plan: 'present',
    apply: async (fx, m) => {
      const { tree } = cachePaths(fx, m);
      await writeFile(`${cachePaths(fx, m).file('zip')}123456789.tmp`, 'partial download');
      await mkdir(`${tree}.tmp-4242`);
      await writeFile(`${tree}.tmp-4242/half.go`, 'half extracted');
    },
  },
];

/** The fixture's versions with an extracted tree: each round damages each of them once. */
export const EXTRACTED: Mod[] = [
  { path: 'example.com/lib', version: 'v1.0.0' },
  { path: 'example.com/lib', version: 'v1.1.0' },
  { path: 'example.com/Upper/Case', version: 'v1.1.0' },
  { path: 'example.com/nomod', version: 'v2.0.0+incompatible' },
  { path: 'example.com/pseudo', version: 'v0.0.0-20240101120000-abcdef123456' },
  { path: 'example.com/nogomod', version: 'v1.0.0' },
];

export interface Damaged {
  damage: Damage;
  version: Mod;
  key: string;
}

/**
 * The catalogue in rounds: in each, every damage of the round hits its own version, so one
 * cache holds several damaged states at once (and a test runs a few rounds, not one per state).
 */
export function damageRounds(damages: Damage[] = DAMAGES): Damaged[][] {
  const rounds: Damaged[][] = [];
  damages.forEach((damage, i) => {
    const version = EXTRACTED[i % EXTRACTED.length]!;
    if (i % EXTRACTED.length === 0) rounds.push([]);
    rounds.at(-1)!.push({ damage, version, key: `${version.path}@${version.version}` });
  });
  return rounds;
}

/** Applies a round of damage to a fixture. */
export async function applyRound(fx: GoFixture, round: Damaged[]): Promise<void> {
  for (const d of round) await d.damage.apply(fx, d.version);
}
