import { statSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScanReport, VerifyReport } from '../../shared/dto/cache';
import type { CleanPlan } from '../../shared/dto/clean';
import { h1ForGoMod } from '../../electron/engine/gomod/h1';
import type { GoFixture } from '../fixtures/go-fixture';
import { copyPristineFixture } from '../fixtures/go-fixture';
import { removeTree } from '../helpers/temp';
import { runCli } from '../helpers/cli';
import { realToolchain } from '../helpers/real-toolchain';
import { deleteCacheAsUser, restore } from '../helpers/restore';
import { snapshot } from '../helpers/store';
import type { SumdbServer } from '../helpers/sumdb-server';
import { startSumdb } from '../helpers/sumdb-server';
import { canDropPrivileges, giveToNobody, runAsNobody } from '../helpers/unprivileged';
import { askGo, xmodOracleBinary } from '../helpers/xmod-oracle';

// A real golang.org/toolchain module (fetched once by CI through the real proxy), downloaded by
// the real go command as GOTOOLCHAIN=auto does it: from a local file:// proxy, verified against a
// local checksum database (go checks every toolchain against one, even with GOSUMDB=off refused).
// Everything runs as "nobody": toolchain trees are read-only, and root would hide that.

const tc = realToolchain();
const TOOLCHAIN = 'golang.org/toolchain';

describe.skipIf(!tc || !canDropPrivileges)('a real Go toolchain in the module cache', () => {
  let fx: GoFixture;
  let project: string;
  let sumdb: SumdbServer;
  let env: Record<string, string>;
  const nobodyGo = (args: string[], cwd: string, more: Record<string, string> = {}) =>
    runAsNobody('go', args, { ...env, ...more }, cwd);

  beforeAll(async () => {
    fx = await copyPristineFixture(inject('fixtureRoot'), 'modvault-fx-');
    project = path.join(fx.root, 'needs-newer-go');
    await mkdir(project, { recursive: true });
    // A go line newer than the machine's Go: GOTOOLCHAIN=auto switches to exactly this release.
    await writeFile(
      path.join(project, 'go.mod'),
      `module example.com/newer\n\ngo ${tc!.name.slice(2)}\n`,
    );
    await writeFile(path.join(project, 'main.go'), 'package main\n\nfunc main() {}\n');
    const [zipHash] = askGo(xmodOracleBinary(), [{ op: 'hashZip', args: [tc!.zip] }]);
    expect(zipHash!.err).toBe('');
    sumdb = await startSumdb(fx.root, [
      `${TOOLCHAIN} ${tc!.version} ${zipHash!.value}`,
      `${TOOLCHAIN} ${tc!.version}/go.mod ${h1ForGoMod(`module ${TOOLCHAIN}\n`)}`,
    ]);
    // A copy the unprivileged user can read (the CI cache lives in root's home).
    const tcProxy = path.join(fx.root, 'toolchain-proxy');
    await cp(tc!.proxyDir, tcProxy, { recursive: true });
    env = {
      ...fx.env,
      GOTOOLCHAIN: 'auto',
      GOPROXY: `file://${fx.proxyDir},file://${tcProxy}`,
      GOSUMDB: sumdb.gosumdb,
    };
    await giveToNobody(fx.root);
    const build = await nobodyGo(['build', '-o', '/dev/null', '.'], project);
    expect(build.code, build.stderr).toBe(0);
    expect((await nobodyGo(['version'], project)).stdout).toContain(`go version ${tc!.name} `);
  }, 300_000);
  afterAll(async () => {
    sumdb?.close();
    if (fx) await removeTree(fx.root);
  });

  it('scan counts it under Toolchains, healthy; verify --deep finds nothing wrong with it', async () => {
    const scan = (await runCli(['scan', '--json'], { env: fx.env })).json<ScanReport>();
    const m = scan.modules.find((v) => v.path === TOOLCHAIN)!;
    expect(m).toMatchObject({ version: tc!.version, state: 'ok', problems: [], toolchain: true });
    expect(scan.totals.toolchains).toEqual({
      versions: 1,
      zipBytes: statSync(tc!.zip).size,
      treeBytes: m.treeBytes,
    });
    const human = await runCli(['scan'], { env: fx.env });
    expect(human.stdout).toMatch(/Toolchains: 1 Go toolchain/);
    // Go wrote go.mod copies beside each _go.mod and made bin/ executable: not damage.
    const verify = await runCli(['verify', '--deep', '--json'], { env: fx.env });
    const report = verify.json<VerifyReport>();
    expect(report.problems.filter((p) => p.path === TOOLCHAIN)).toEqual([]);
  });

  it('clean unused keeps the toolchain a go line selects, and offers it once none does', async () => {
    const plan = async (root: string) =>
      // The user's environment: GOTOOLCHAIN=auto (with GOTOOLCHAIN=local nothing is selected).
      (
        await runCli(['clean', 'unused', '--project-root', root, '--dry-run', '--json'], { env })
      ).json<CleanPlan>();
    const kept = await plan(project);
    expect(kept.kept).toContainEqual(
      expect.objectContaining({ path: TOOLCHAIN, reason: 'in-use', projects: [project] }),
    );
    // A project the installed Go satisfies needs no toolchain module.
    const old = path.join(fx.root, 'old-project');
    await mkdir(old, { recursive: true });
    await writeFile(path.join(old, 'go.mod'), 'module example.com/old\n\ngo 1.21\n');
    const offered = await plan(old);
    const item = offered.items.find((i) => i.path === TOOLCHAIN)!;
    expect(item).toMatchObject({ rule: 'unused/toolchain', version: tc!.version });
    expect(item.reason).toMatch(new RegExp(`unused toolchain: .*selects ${tc!.name}`));
  });

  it('after rm -rf, a per-project restore lets GOTOOLCHAIN=auto go build offline (as nobody)', async () => {
    const first = await snapshot(fx, [], { asNobody: true });
    expect(first.code, first.stderr + first.stdout.slice(0, 3000)).toBe(0);
    const again = await snapshot(fx, [], { asNobody: true });
    // Deduplicated: an unchanged 70+ MB toolchain costs nothing the second time.
    expect(again.result.newVersions).toBe(0);
    expect(again.result.bytesAdded).toBeLessThan(64 * 1024);

    await deleteCacheAsUser(fx, true);
    const r = await restore(fx, ['--project', project, '--mode', 'full'], { asNobody: true, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.result.failed).toEqual([]);
    const tree = path.join(fx.gomodcache, `${TOOLCHAIN}@${tc!.version}`);
    expect(statSync(path.join(tree, 'bin', 'go')).mode & 0o111).toBe(0o111);
    expect(statSync(path.join(tree, 'bin')).mode & 0o222).toBe(0);

    // Nothing to fetch from: the checksum database is gone and the network is off.
    sumdb.close();
    const build = await nobodyGo(['build', '-o', '/dev/null', '.'], project, { GOPROXY: 'off' });
    expect(build.code, build.stderr).toBe(0);
    const version = await nobodyGo(['version'], project, { GOPROXY: 'off' });
    expect(version.stdout).toContain(`go version ${tc!.name} `);
  }, 300_000);
});
