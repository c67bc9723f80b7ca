import { chmod, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RestoreStatus } from '../../shared/dto/restore';
import type { GoFixture } from '../fixtures/go-fixture';
import type { Mod } from './cache-damage';
import { cachePaths, editTreeFile, LIB_V1, tamperedZip } from './cache-damage';
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
  /** The version it damages. */
  version: Mod;
  apply(fx: GoFixture): Promise<void>;
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

const lib = LIB_V1;
const file = (fx: GoFixture, ext: string) => cachePaths(fx, lib).file(ext);

export const DAMAGES: Damage[] = [
  {
    name: 'zip truncated',
    version: lib,
    plan: 'damaged',
    apply: (fx) => truncate(file(fx, 'zip'), 300),
  },
  {
    name: 'zip truncated, tree gone',
    version: lib,
    plan: 'damaged',
    apply: async (fx) => {
      await truncate(file(fx, 'zip'), 100);
      await removeTree(cachePaths(fx, lib).tree);
    },
  },
  {
    name: 'zip empty',
    version: lib,
    plan: 'damaged',
    apply: (fx) => truncate(file(fx, 'zip'), 0),
  },
  {
    // The central directory is intact (the scanner sees a good zip): only inflating fails.
    name: 'zip with bad deflate data',
    version: lib,
    plan: 'damaged',
    apply: (fx) =>
      rewriteZip(fx, lib, (zip) => {
        const e = deflatedEntry(zip);
        for (let i = 0; i < 64 && i < e.size; i++) zip[e.data + i]! ^= 0xff;
      }),
  },
  {
    name: 'zip with a bad CRC',
    version: lib,
    plan: 'damaged',
    apply: (fx) =>
      rewriteZip(fx, lib, (zip) => {
        const e = deflatedEntry(zip);
        zip.writeUInt32LE((zip.readUInt32LE(e.central + 16) ^ 1) >>> 0, e.central + 16);
      }),
  },
  {
    name: 'zip content tampered, .ziphash intact',
    version: lib,
    plan: 'damaged',
    apply: async (fx) =>
      writeFile(
        file(fx, 'zip'),
        await tamperedZip(fx, lib, 'lib.go', ['Version is', 'TAMPERED: Version is']),
      ),
  },
  {
    name: 'zip and .ziphash tampered consistently',
    version: lib,
    plan: 'damaged',
    apply: async (fx) => {
      await writeFile(
        file(fx, 'zip'),
        await tamperedZip(fx, lib, 'lib.go', ['Version is', 'EVIL: Version is']),
      );
      const [h] = askGo(xmodOracleBinary(), [{ op: 'hashZip', args: [file(fx, 'zip')] }]);
      await writeFile(file(fx, 'ziphash'), h!.value);
    },
  },
  {
    name: 'zip replaced by a folder',
    version: lib,
    plan: 'damaged',
    apply: async (fx) => {
      await rm(file(fx, 'zip'));
      await mkdir(file(fx, 'zip'));
    },
  },
  {
    name: 'zip unreadable (mode 000)',
    version: lib,
    plan: 'damaged',
    asNobodyOnly: true,
    apply: (fx) => chmod(file(fx, 'zip'), 0o000),
  },
  {
    name: 'wrong .ziphash (well-formed)',
    version: lib,
    plan: 'damaged',
    apply: (fx) =>
      writeFile(file(fx, 'ziphash'), 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='),
  },
  {
    name: 'garbage .ziphash',
    version: lib,
    plan: 'damaged',
    apply: (fx) => writeFile(file(fx, 'ziphash'), 'garbage'),
  },
  {
    name: 'garbage .info',
    version: lib,
    plan: 'damaged',
    apply: (fx) => writeFile(file(fx, 'info'), '{"Version":'),
  },
  {
    name: '.mod missing',
    version: lib,
    plan: 'incomplete',
    apply: (fx) => rm(file(fx, 'mod')),
  },
  {
    name: '.mod edited',
    version: lib,
    plan: 'damaged',
    apply: async (fx) =>
      writeFile(
        file(fx, 'mod'),
        (await readFile(file(fx, 'mod'), 'utf8')) + '\nrequire example.com/evil v1.0.0\n',
      ),
  },
  {
    name: '.partial left over',
    version: lib,
    plan: 'incomplete',
    apply: (fx) => writeFile(file(fx, 'partial'), ''),
  },
  {
    name: 'tree only (zip and .ziphash gone)',
    version: lib,
    plan: 'incomplete',
    apply: async (fx) => {
      await rm(file(fx, 'zip'));
      await rm(file(fx, 'ziphash'));
    },
  },
  {
    name: 'tree deleted',
    version: lib,
    plan: 'incomplete',
    apply: (fx) => removeTree(cachePaths(fx, lib).tree),
  },
  {
    name: 'tree file edited',
    version: lib,
    plan: 'damaged',
    apply: (fx) => editTreeFile(fx, lib, 'internal/deep/deep.go', '\n// edited in place\n'),
  },
  {
    name: 'tree unreadable (mode 000)',
    version: lib,
    plan: 'damaged',
    asNobodyOnly: true,
    apply: (fx) => chmod(path.join(cachePaths(fx, lib).tree, 'internal'), 0o000),
  },
  {
    name: 'leftovers of an interrupted go command',
    version: lib,
    plan: 'present',
    apply: async (fx) => {
      const { atV, tree } = cachePaths(fx, lib);
      await writeFile(path.join(atV, 'v1.0.0.zip123456789.tmp'), 'partial download');
      await mkdir(`${tree}.tmp-4242`);
      await writeFile(`${tree}.tmp-4242/lib.go`, 'half extracted');
    },
  },
];
