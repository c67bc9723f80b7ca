import { describe, expect, it } from 'vitest';
import type { ModuleVersionInfo, ScanReport, VerifyReport } from '../../shared/dto/cache';
import type { DoctorReport } from '../../shared/dto/doctor';
import { deriveHealth } from '../../electron/engine/status/health';

// One health truth: derived from the latest scan, verification and doctor report, each with
// its time; "not checked yet" until something verified; repaired findings gone after a rescan.

const version = (over: Partial<ModuleVersionInfo> = {}): ModuleVersionInfo => ({
  path: 'example.com/lib',
  version: 'v1.0.0',
  state: 'ok',
  reason: null,
  problems: [],
  zip: true,
  extracted: true,
  mod: true,
  info: true,
  ziphash: 'h1:x',
  zipBytes: 10,
  treeBytes: 20,
  fileCount: 2,
  downloadedAt: 1,
  toolchain: false,
  ...over,
});

const scan = (at: number, modules: ModuleVersionInfo[], exists = true): ScanReport => ({
  gomodcache: '/m',
  exists,
  scannedAt: at,
  modules,
  leftovers: [],
  totals: {
    versions: modules.length,
    modules: 1,
    zipBytes: 0,
    treeBytes: 0,
    leftoverBytes: 0,
    byState: { ok: 0, 'zip-only': 0, 'mod-only': 0, 'tree-only': 0, partial: 0, corrupt: 0 },
    toolchains: { versions: 0, zipBytes: 0, treeBytes: 0 },
  },
});

const verify = (problems: VerifyReport['problems']): VerifyReport => ({
  gomodcache: '/m',
  exists: true,
  checked: 1,
  deep: false,
  projects: [],
  problems,
  durationMs: 1,
});

const zipBroken = {
  path: 'example.com/lib',
  version: 'v1.0.0',
  kind: 'zip-unreadable' as const,
  detail: 'zip: invalid bit length repeat',
  file: null,
  projects: [],
};

describe('deriveHealth', () => {
  it('says "not checked yet" (not healthy) when nothing was verified, healthy after', () => {
    const s = scan(10, [version()]);
    expect(deriveHealth({ scan: s, verify: null, doctor: null, losses: [] }).state).toBe(
      'unchecked',
    );
    const h = deriveHealth({
      scan: s,
      verify: { report: verify([]), at: 20 },
      doctor: null,
      losses: [],
    });
    expect(h).toMatchObject({ state: 'healthy', checked: { at: 20, by: 'verify' } });
  });

  it('a damaged version the scan cannot see (bad deflate data) is a problem once verified', () => {
    const h = deriveHealth({
      scan: scan(10, [version()]),
      verify: { report: verify([zipBroken]), at: 20 },
      doctor: null,
      losses: [],
    });
    expect(h).toMatchObject({ state: 'problems', errors: 1, warnings: 0 });
    expect(h.findings[0]).toMatchObject({ kind: 'zip-unreadable', source: 'verify', at: 20 });
  });

  it('drops a finding once a newer scan shows the version written again, gone, or repaired', () => {
    const verified = { report: verify([zipBroken]), at: 20 };
    const rewritten = scan(30, [version({ downloadedAt: 25 })]);
    expect(
      deriveHealth({ scan: rewritten, verify: verified, doctor: null, losses: [] }).state,
    ).toBe('healthy');
    expect(
      deriveHealth({ scan: scan(30, []), verify: verified, doctor: null, losses: [] }).findings,
    ).toEqual([]);
    // An older scan does not overrule a newer verification.
    expect(
      deriveHealth({ scan: scan(10, [version()]), verify: verified, doctor: null, losses: [] })
        .errors,
    ).toBe(1);
  });

  it('the doctor counts: its cache findings and its environment errors', () => {
    const doctor: DoctorReport = {
      findings: [
        {
          id: 'env/gocache-off',
          check: 'gocache-off',
          area: 'environment',
          severity: 'error',
          message: 'GOCACHE=off',
          explanation: '',
        },
        {
          id: 'tree-mismatch:example.com/lib@v1.0.0',
          check: 'tree-mismatch',
          area: 'cache',
          severity: 'error',
          path: 'example.com/lib',
          version: 'v1.0.0',
          message: 'dir has been modified',
          explanation: '',
        },
      ],
      fixes: [],
      remaining: null,
      counts: { error: 2, warning: 0, info: 0 },
      gomodcache: '/m',
      gocache: 'off',
      projects: [],
      durationMs: 1,
    };
    const h = deriveHealth({
      scan: scan(10, [version()]),
      verify: null,
      doctor: { report: doctor, at: 20 },
      losses: [],
    });
    expect(h).toMatchObject({
      state: 'problems',
      errors: 1,
      environment: { errors: 1, warnings: 0 },
      checked: { by: 'doctor', at: 20 },
    });
    // After a repair run, what remains is the truth.
    const fixed = { ...doctor, remaining: [doctor.findings[0]!] };
    expect(
      deriveHealth({
        scan: scan(10, [version()]),
        verify: null,
        doctor: { report: fixed, at: 30 },
        losses: [],
      }).errors,
    ).toBe(0);
  });

  it('no module cache: a first run without a snapshot of it, a loss with one', () => {
    const none = { ...scan(10, [], false), absence: { snapshot: null, snapshots: 0 } };
    expect(deriveHealth({ scan: none, verify: null, doctor: null, losses: [] }).state).toBe(
      'first-run',
    );
    const gone = {
      ...none,
      absence: {
        snapshot: { id: 'abcd1234', time: '2025-01-01T00:00:00Z', versions: 8 },
        snapshots: 1,
      },
    };
    expect(deriveHealth({ scan: gone, verify: null, doctor: null, losses: [] })).toMatchObject({
      state: 'cache-gone',
      absence: { snapshot: { id: 'abcd1234' } },
    });
  });
});
