import { describe, expect, it } from 'vitest';
import { catalogFor, createFmt, createI18n, LOCALES, resolveLocale } from '../../shared/i18n';
import type { Fmt } from '../../shared/i18n';
import { en } from '../../shared/i18n/en';
import { jobTitle } from '../../shared/i18n/job-title';

// Missing keys and wrong parameter shapes are compile errors (zh-CN.ts is typed as Catalog);
// these check what types cannot: every message renders, and renders something.

const SAMPLE: Record<string, unknown> = {
  // Checksum verdicts (witness.*).
  key: 'example.com/lib@v1.0.0',
  truth: 'h1:A=',
  bad: 'h1:B=',
  agree: 'zip,sumdb',
  db: 'sum.golang.org',
  groups: 'zip+ziphash=h1:A=;gosum=h1:B=',
  silence: 'private',
  sName: 'sum.golang.org',
  sVariable: 'GOPRIVATE',
  sPattern: 'example.com',
  sError: 'E',
  module: 'example.com/lib',
  n: 3,
  snapshot: 's-1',
  reason: 'permission denied',
  age: 3,
  errors: 1,
  warnings: 2,
  kind: 'zip',
  max: 5,
  title: 'T',
  message: 'M',
  path: '/p',
  when: 'W',
  d: 'D',
  q: 'Q',
  column: 'C',
  file: '/f',
  size: 'S',
  done: 1,
  total: 2,
  modules: 4,
  versions: 5,
  id: '3f2a9c1d',
  ids: 'a, b',
  ext: 'zip',
  pid: 42,
  host: 'H',
  command: 'snapshot',
  pct: 10,
  from: 'F',
  to: 'T',
  snapshots: 6,
  packs: 7,
  blobs: 8,
  version: 'go1.22.1',
  binary: '/usr/bin/go',
  error: 'E',
  dir: '/d',
  name: 'GOPRIVATE',
  uid: 1000,
  free: 1024,
  raw: 'R',
  value: 'mod',
  entry: 'https://proxy.golang.org',
  pattern: '*',
  bytes: 2048,
  needed: 4096,
  project: '/src/app',
  of: 6,
  at: '03:00',
  days: 'Mon, Fri',
  expr: '0 3 * * *',
  zone: 'Asia/Shanghai',
  rules: 'keep 7 daily',
  lines: 'not a module@',
  list: 'example.com/nothere',
  problems: 1,
  fresh: 2,
  keep: 3,
  remove: 1,
  added: 1,
  removed: 0,
  changed: 1,
  failed: 0,
  conflicts: 0,
  fixed: 1,
  left: 0,
  served: 9,
  exitCode: 0,
  count: 3,
  source: 'go env -w',
  fix: 'Run modvault store repair.',
  state: 'empty',
  damaged: 2,
  files: 9,
};

describe('catalogs', () => {
  for (const locale of LOCALES) {
    it(`${locale}: every message renders to non-empty text using its parameters`, () => {
      const catalog = catalogFor(locale);
      const fmt = createFmt(locale);
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [key, msg] of Object.entries(catalog)) {
        const text =
          typeof msg === 'function' ? (msg as (p: unknown, f: Fmt) => string)(SAMPLE, fmt) : msg;
        expect(text.trim(), key).not.toBe('');
        expect(text, key).not.toContain('undefined');
        expect(text, key).not.toContain('NaN');
      }
    });
  }

  it('zh-CN is really translated (not copied from English), except names', () => {
    const zh = catalogFor('zh-CN');
    const same = Object.keys(en).filter(
      (k) =>
        typeof en[k as keyof typeof en] === 'string' &&
        zh[k as keyof typeof en] === en[k as keyof typeof en],
    );
    expect(same.sort()).toEqual(
      [
        'app.name',
        'common.none',
        'lang.en',
        'lang.zh-CN',
        'settings.rootPlaceholder',
        'restore.scope.projectPlaceholder',
        'restore.scope.targetPlaceholder',
        'schedule.kind.cron',
        'watch.percent',
        // File names and the go command.
        'restore.part.zip',
        'restore.part.ziphash',
        'restore.part.mod',
        'restore.part.info',
        'phase.go mod download',
        'phase.go clean',
        'witness.party.gosum',
        'witness.party.ziphash',
        'witness.none',
        'env.source.env-file',
        'env.gotoolchain',
      ].sort(),
    );
  });
});

describe('formatting per locale', () => {
  it('numbers, sizes and durations', () => {
    const en = createFmt('en');
    const zh = createFmt('zh-CN');
    expect(en.count(1234567)).toBe('1,234,567');
    expect(en.bytes(1536)).toBe('1.50 KiB');
    expect(en.bytes(1.6 * 1024 ** 3)).toBe('1.60 GiB');
    expect(en.bytes(0)).toBe('0 B');
    expect(en.duration(125_000)).toBe('2 min 5 s');
    expect(zh.duration(125_000)).toBe('2 分 5 秒');
    expect(en.percent(0.456)).toBe('46%');
    expect(en.relative(Date.now() - 3 * 3600_000)).toBe('3 hours ago');
    expect(zh.relative(Date.now() - 3 * 3600_000)).toBe('3小时前');
    expect(zh.date(Date.UTC(2024, 0, 15, 12))).toBe('2024年1月15日');
  });

  it('plurals follow the count', () => {
    const { t } = createI18n('en');
    expect(t('dashboard.versions', { n: 1 })).toBe('1 version');
    expect(t('dashboard.versions', { n: 276 })).toBe('276 versions');
    expect(createI18n('zh-CN').t('dashboard.versions', { n: 276 })).toBe('276 个版本');
  });

  it('resolves the language setting against the OS or browser languages', () => {
    expect(resolveLocale('system', ['zh-CN', 'en'])).toBe('zh-CN');
    expect(resolveLocale('system', ['zh-Hant-TW'])).toBe('zh-CN');
    expect(resolveLocale('system', ['fr-FR', 'en-GB'])).toBe('en');
    expect(resolveLocale('system', ['fr-FR'])).toBe('en');
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
    expect(resolveLocale('zh-CN', [])).toBe('zh-CN');
  });
});

describe('job titles', () => {
  it('are translated per command, and per variant where the engine names one', () => {
    const en = createI18n('en').t;
    const zh = createI18n('zh-CN').t;
    expect(jobTitle(en, { command: 'store.snapshot', title: 'Snapshot the module cache' })).toBe(
      'Back up the module cache',
    );
    expect(
      jobTitle(zh, { command: 'store.snapshot', title: 'Snapshot the module and build caches' }),
    ).toBe('备份模块缓存和构建缓存');
    expect(
      jobTitle(en, { command: 'store.forget', title: 'Preview which snapshots to forget' }),
    ).toBe('Preview the retention policy');
    expect(jobTitle(en, { command: 'store.forget', title: 'Forget snapshots' })).toBe(
      'Forget snapshots',
    );
    expect(jobTitle(zh, { command: 'doctor.run', title: 'Find and repair problems' })).toBe(
      '诊断并修复',
    );
    expect(jobTitle(en, { command: 'other.cmd', title: 'Engine title' })).toBe('Engine title');
  });
});
