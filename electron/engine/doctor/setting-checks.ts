import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { GoEnvReport } from '../../../shared/dto/env';
import type { DoctorFinding } from '../../../shared/dto/doctor';
import { parseGoFlags } from '../toolchain/goflags';
import type { MessageKey } from '../../../shared/i18n';
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
          text: {
            message: 'doctor.env.goflagsNonFlag.message',
            explanation: 'doctor.env.goflagsNonFlag.explanation',
            fix: 'doctor.env.goflagsNonFlag.fix',
            params: { raw: f.raw },
          },
        }),
      );
    else if (f.name === 'modcacherw')
      out.push(
        envFinding('goflags', {
          qualifier: f.name,
          severity: 'info',
          text: {
            message: 'doctor.env.goflagsModcacherw.message',
            explanation: 'doctor.env.goflagsModcacherw.explanation',
          },
        }),
      );
    else if (f.name === 'mod')
      out.push(
        envFinding('goflags', {
          qualifier: f.name,
          severity: 'info',
          text: {
            message: 'doctor.env.goflagsMod.message',
            explanation:
              f.value === 'vendor'
                ? 'doctor.env.goflagsModVendor.explanation'
                : f.value === 'mod'
                  ? 'doctor.env.goflagsModMod.explanation'
                  : 'doctor.env.goflagsModReadonly.explanation',
            params: { value: f.value ?? '' },
          },
        }),
      );
    else if (f.name === 'insecure')
      out.push(
        envFinding('goflags', {
          qualifier: f.name,
          severity: 'error',
          text: {
            message: 'doctor.env.goflagsInsecure.message',
            explanation: 'doctor.env.goflagsInsecure.explanation',
            fix: 'doctor.env.goflagsInsecure.fix',
          },
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
        text: {
          message: 'doctor.env.goproxyOff.message',
          explanation: 'doctor.env.goproxyOff.explanation',
        },
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
          text: ok
            ? {
                message: 'doctor.env.goproxyDir.message',
                explanation: 'doctor.env.goproxyDir.explanation',
                params: { dir },
              }
            : {
                message: 'doctor.env.goproxyDirMissing.message',
                explanation: 'doctor.env.goproxyDirMissing.explanation',
                fix: 'doctor.env.goproxyDirMissing.fix',
                params: { dir },
              },
        }),
      );
      continue;
    }
    const res = await probe(entry, PROBE_TIMEOUT_MS);
    out.push(
      envFinding('goproxy', {
        qualifier: entry,
        severity: 'info',
        text: res.reachable
          ? {
              message: 'doctor.env.goproxyUp.message',
              explanation: 'doctor.env.goproxyUp.explanation',
              params: { entry },
            }
          : {
              message: 'doctor.env.goproxyDown.message',
              explanation: 'doctor.env.goproxyDown.explanation',
              params: { entry, error: res.error },
            },
      }),
    );
  }
  return out;
}

/** A GOPRIVATE/GONOSUMDB/GONOPROXY pattern that is a URL or matches every module is a mistake. */
function patternProblem(p: string): MessageKey | null {
  if (/^[a-z]+:\/\//i.test(p)) return 'doctor.env.privateUrl.message';
  if (/^\*(\.\*)?$/.test(p)) return 'doctor.env.privateAll.message';
  if (p.endsWith('/')) return 'doctor.env.privateSlash.message';
  return null;
}

function gosumdb(env: GoEnvReport): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  if (env.vars.GOSUMDB === 'off')
    out.push(
      envFinding('gosumdb', {
        severity: 'warning',
        text: {
          message: 'doctor.env.gosumdbOff.message',
          explanation: 'doctor.env.gosumdbOff.explanation',
          fix: 'doctor.env.gosumdbOff.fix',
        },
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
            text: {
              message: problem,
              explanation:
                name === 'GONOPROXY'
                  ? 'doctor.env.privateNoProxy.explanation'
                  : 'doctor.env.privateNoSumdb.explanation',
              fix: 'doctor.env.private.fix',
              params: { name, pattern: p },
            },
          }),
        );
    }
  }
  return out;
}
