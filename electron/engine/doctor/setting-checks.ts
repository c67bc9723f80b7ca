import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { GoEnvReport } from '../../../shared/dto/env';
import type { DoctorFinding } from '../../../shared/dto/doctor';
import { parseGoFlags } from '../toolchain/goflags';
import { envFinding } from './finding';
import type { ProxyProbe } from './proxy-probe';

const PROBE_TIMEOUT_MS = 1500;

/** GOFLAGS, GOPROXY (probed briefly; offline is information), GOSUMDB and the private patterns. */
export async function checkGoSettings(
  env: GoEnvReport,
  probe: ProxyProbe,
): Promise<DoctorFinding[]> {
  return [
    ...goflags(env.vars.GOFLAGS),
    ...(await goproxy(env.vars.GOPROXY, probe)),
    ...gosumdb(env),
  ];
}

function goflags(value: string): DoctorFinding[] {
  if (!value.trim()) return [];
  const out: DoctorFinding[] = [];
  for (const f of parseGoFlags(value)) {
    if (!f.raw.startsWith('-'))
      out.push(
        envFinding('goflags', {
          qualifier: f.raw,
          severity: 'error',
          message: `GOFLAGS holds "${f.raw}", which is not a flag.`,
          explanation: 'Every go command stops with "go: parsing $GOFLAGS: non-flag".',
          fix: 'Fix GOFLAGS (`go env -w GOFLAGS=...`): space-separated -flag or -flag=value entries.',
        }),
      );
    else if (f.name === 'modcacherw')
      out.push(
        envFinding('goflags', {
          qualifier: f.name,
          severity: 'info',
          message: 'GOFLAGS has -modcacherw: extracted module folders stay writable.',
          explanation:
            'Cleaning is simpler, but an editor or tool can change module sources unnoticed (modvault verify --deep finds it).',
        }),
      );
    else if (f.name === 'mod')
      out.push(
        envFinding('goflags', {
          qualifier: f.name,
          severity: 'info',
          message: `GOFLAGS has -mod=${f.value ?? ''}.`,
          explanation:
            f.value === 'vendor'
              ? 'Builds use vendor/ folders instead of the module cache.'
              : f.value === 'mod'
                ? 'The go command may update go.mod and go.sum as it builds.'
                : 'go.mod is never updated automatically.',
        }),
      );
    else if (f.name === 'insecure')
      out.push(
        envFinding('goflags', {
          qualifier: f.name,
          severity: 'error',
          message: 'GOFLAGS has -insecure, which the go command no longer accepts.',
          explanation:
            'Every command fails; private insecure hosts are configured with GOINSECURE instead.',
          fix: 'Remove -insecure from GOFLAGS and use GOINSECURE=host for the hosts concerned.',
        }),
      );
  }
  return out;
}

async function goproxy(value: string, probe: ProxyProbe): Promise<DoctorFinding[]> {
  const out: DoctorFinding[] = [];
  const entries = value
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0 || entries[0] === 'off')
    out.push(
      envFinding('goproxy', {
        severity: 'info',
        message: 'GOPROXY=off: module downloads are disabled.',
        explanation:
          'Builds work from the module cache only ("module lookup disabled by GOPROXY=off" otherwise); ModVault cannot download damaged versions again.',
      }),
    );
  for (const entry of entries) {
    if (entry === 'off' || entry === 'direct') continue;
    if (entry.startsWith('file://')) {
      let dir: string;
      try {
        dir = fileURLToPath(entry);
      } catch {
        dir = entry.slice('file://'.length);
      }
      const ok = (await stat(dir).catch(() => null))?.isDirectory() ?? false;
      out.push(
        envFinding('goproxy', {
          qualifier: entry,
          severity: ok ? 'info' : 'warning',
          path: dir,
          message: ok
            ? `GOPROXY serves modules from the folder ${dir}.`
            : `GOPROXY names the folder ${dir}, which does not exist.`,
          explanation: ok
            ? 'Downloads come from local files, no network needed.'
            : 'Downloads through this entry fail (the next entry is tried only after a 404/410).',
          fix: ok ? undefined : 'Fix or remove that entry of GOPROXY.',
        }),
      );
      continue;
    }
    const res = await probe(entry, PROBE_TIMEOUT_MS);
    out.push(
      envFinding('goproxy', {
        qualifier: entry,
        severity: 'info',
        message: res.reachable
          ? `The module proxy ${entry} answers.`
          : `The module proxy ${entry} cannot be reached now (${res.error}).`,
        explanation: res.reachable
          ? 'Missing or damaged versions can be downloaded again.'
          : 'Offline is fine: builds work from the module cache; downloads wait until the network is back.',
      }),
    );
  }
  return out;
}

/** A GOPRIVATE/GONOSUMDB/GONOPROXY pattern that is a URL or matches every module is a mistake. */
function patternProblem(p: string): string | null {
  if (/^[a-z]+:\/\//i.test(p))
    return 'is a URL; these are module path globs such as example.com/private';
  if (/^\*(\.\*)?$/.test(p)) return 'matches every module';
  if (p.endsWith('/')) return 'ends with "/", so it matches nothing';
  return null;
}

function gosumdb(env: GoEnvReport): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  if (env.vars.GOSUMDB === 'off')
    out.push(
      envFinding('gosumdb', {
        severity: 'warning',
        message: 'GOSUMDB=off: downloads are not checked against the checksum database.',
        explanation:
          'A module tampered with before it reached you goes unnoticed unless a go.sum already has its hash.',
        fix: 'Unset GOSUMDB (`go env -u GOSUMDB`); list private modules in GOPRIVATE instead.',
      }),
    );
  for (const name of ['GOPRIVATE', 'GONOSUMDB', 'GONOPROXY'] as const) {
    for (const p of env.vars[name]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const problem = patternProblem(p);
      if (problem)
        out.push(
          envFinding('private-patterns', {
            qualifier: `${name}=${p}`,
            severity: 'warning',
            message: `${name} entry "${p}" ${problem}.`,
            explanation:
              name === 'GONOPROXY'
                ? 'Modules it matches are fetched directly or not at all.'
                : 'Modules it matches skip checksum verification — or, for a pattern matching nothing, private modules are still sent to the public checksum database.',
            fix: `Use comma-separated module path globs in ${name}, e.g. ${name}=github.com/mycorp/*`,
          }),
        );
    }
  }
  return out;
}
