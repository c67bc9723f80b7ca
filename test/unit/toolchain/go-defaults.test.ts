import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GO_ENV_VARS } from '../../../shared/dto/env';
import type { DefaultsInput } from '../../../electron/engine/toolchain/go-defaults';
import {
  computeGoEnvDefaults,
  goarchOf,
  goosOf,
  parseGoEnvFile,
  splitGopath,
  userCacheDir,
  userConfigDir,
} from '../../../electron/engine/toolchain/go-defaults';
import { GoEnvService } from '../../../electron/engine/toolchain/go-env';
import { GoRunner } from '../../../electron/engine/toolchain/go-runner';
import { silentLogger } from '../../../electron/engine/platform/logger';
import { go } from '../../helpers/go';
import { removeTree, tempDir } from '../../helpers/temp';

const linux = (env: DefaultsInput['env'], envFile?: Record<string, string>) =>
  computeGoEnvDefaults({
    goos: 'linux',
    goarch: 'amd64',
    env,
    home: '/home/u',
    path: path.posix,
    envFile,
  });

describe('Go defaults on Linux', () => {
  it('derives everything from HOME', () => {
    const { vars, sources } = linux({});
    expect(vars).toMatchObject({
      GOPATH: '/home/u/go',
      GOMODCACHE: '/home/u/go/pkg/mod',
      GOCACHE: '/home/u/.cache/go-build',
      GOENV: '/home/u/.config/go/env',
      GOPROXY: 'https://proxy.golang.org,direct',
      GOSUMDB: 'sum.golang.org',
      GOFLAGS: '',
      GOPRIVATE: '',
      GONOPROXY: '',
      GONOSUMDB: '',
      GOOS: 'linux',
      GOARCH: 'amd64',
      GOVERSION: '',
    });
    expect(new Set(Object.values(sources))).toEqual(new Set(['default']));
  });

  it('follows XDG_CACHE_HOME and XDG_CONFIG_HOME', () => {
    const { vars } = linux({ XDG_CACHE_HOME: '/x/cache', XDG_CONFIG_HOME: '/x/config' });
    expect(vars.GOCACHE).toBe('/x/cache/go-build');
    expect(vars.GOENV).toBe('/x/config/go/env');
  });

  it('puts the module cache under the first GOPATH entry', () => {
    const { vars, sources } = linux({ GOPATH: '/a/first:/b/second' });
    expect(vars.GOMODCACHE).toBe('/a/first/pkg/mod');
    expect(sources.GOPATH).toBe('environment');
    expect(sources.GOMODCACHE).toBe('default');
    expect(splitGopath(vars.GOPATH, 'linux')).toEqual(['/a/first', '/b/second']);
  });

  it('has no module cache when the first GOPATH entry is empty, as Go', () => {
    expect(linux({ GOPATH: ':/b' }).vars.GOMODCACHE).toBe('');
  });

  it('lets GOMODCACHE and GOCACHE from the environment win', () => {
    const { vars, sources } = linux({ GOMODCACHE: '/m', GOCACHE: '/c', GOPATH: '/p' });
    expect(vars.GOMODCACHE).toBe('/m');
    expect(vars.GOCACHE).toBe('/c');
    expect(sources.GOMODCACHE).toBe('environment');
  });

  it('turns a relative GOCACHE off, as Go does', () => {
    expect(linux({ GOCACHE: 'relative/dir' }).vars.GOCACHE).toBe('off');
    expect(linux({}, { GOCACHE: 'relative' }).vars.GOCACHE).toBe('off');
    expect(linux({ GOCACHE: 'off' }).vars.GOCACHE).toBe('off');
  });

  it('derives GONOPROXY and GONOSUMDB from GOPRIVATE', () => {
    const { vars } = linux({ GOPRIVATE: 'corp.example.com' });
    expect(vars.GONOPROXY).toBe('corp.example.com');
    expect(vars.GONOSUMDB).toBe('corp.example.com');
    expect(linux({ GOPRIVATE: 'a', GONOSUMDB: 'b' }).vars.GONOSUMDB).toBe('b');
  });

  it('reads the go env file below the environment and above the defaults', () => {
    const file = { GOPROXY: 'https://file.example', GOPATH: '/from/file', GOFLAGS: '-mod=mod' };
    const { vars, sources } = linux({ GOPROXY: 'https://env.example' }, file);
    expect(vars.GOPROXY).toBe('https://env.example');
    expect(sources.GOPROXY).toBe('environment');
    expect(vars.GOPATH).toBe('/from/file');
    expect(sources.GOPATH).toBe('env-file');
    expect(vars.GOMODCACHE).toBe('/from/file/pkg/mod');
    expect(vars.GOFLAGS).toBe('-mod=mod');
  });

  it('treats an empty environment variable as unset, as Go does', () => {
    const { vars, sources } = linux({ GOPROXY: '' }, { GOPROXY: 'https://file.example' });
    expect(vars.GOPROXY).toBe('https://file.example');
    expect(sources.GOPROXY).toBe('env-file');
  });

  it('never takes GOENV from the go env file (go env -w GOENV is refused)', () => {
    expect(linux({}, { GOENV: '/elsewhere' }).vars.GOENV).toBe('/home/u/.config/go/env');
  });

  it('has no user directories without HOME', () => {
    const { vars } = computeGoEnvDefaults({
      goos: 'linux',
      goarch: 'amd64',
      env: {},
      home: '',
      path: path.posix,
    });
    expect(vars.GOPATH).toBe('');
    expect(vars.GOMODCACHE).toBe('');
    expect(vars.GOCACHE).toBe('off');
  });
});

describe('Go defaults on macOS', () => {
  it('uses ~/Library', () => {
    const { vars } = computeGoEnvDefaults({
      goos: 'darwin',
      goarch: 'arm64',
      env: { XDG_CACHE_HOME: '/ignored/on/macos' },
      home: '/Users/u',
      path: path.posix,
    });
    expect(vars.GOPATH).toBe('/Users/u/go');
    expect(vars.GOMODCACHE).toBe('/Users/u/go/pkg/mod');
    expect(vars.GOCACHE).toBe('/Users/u/Library/Caches/go-build');
    expect(vars.GOENV).toBe('/Users/u/Library/Application Support/go/env');
  });
});

describe('Go defaults on Windows (path.win32)', () => {
  const win = (env: DefaultsInput['env']) =>
    computeGoEnvDefaults({
      goos: 'windows',
      goarch: 'amd64',
      env,
      home: 'C:\\Users\\u',
      path: path.win32,
    }).vars;

  it('uses %USERPROFILE%\\go, %LocalAppData% and %AppData%', () => {
    const vars = win({
      LocalAppData: 'C:\\Users\\u\\AppData\\Local',
      AppData: 'C:\\Users\\u\\AppData\\Roaming',
    });
    expect(vars.GOPATH).toBe('C:\\Users\\u\\go');
    expect(vars.GOMODCACHE).toBe('C:\\Users\\u\\go\\pkg\\mod');
    expect(vars.GOCACHE).toBe('C:\\Users\\u\\AppData\\Local\\go-build');
    expect(vars.GOENV).toBe('C:\\Users\\u\\AppData\\Roaming\\go\\env');
    expect(vars.GOOS).toBe('windows');
  });

  it('accepts the upper-case spellings of the variables', () => {
    const vars = win({ LOCALAPPDATA: 'D:\\Local', APPDATA: 'D:\\Roaming' });
    expect(vars.GOCACHE).toBe('D:\\Local\\go-build');
    expect(vars.GOENV).toBe('D:\\Roaming\\go\\env');
  });

  it('splits GOPATH on semicolons (colons belong to drive letters)', () => {
    const vars = win({ GOPATH: 'D:\\work;E:\\more' });
    expect(vars.GOMODCACHE).toBe('D:\\work\\pkg\\mod');
    expect(splitGopath(vars.GOPATH, 'windows')).toEqual(['D:\\work', 'E:\\more']);
  });

  it('turns the build cache off without %LocalAppData%', () => {
    expect(win({}).GOCACHE).toBe('off');
    expect(win({}).GOENV).toBe('');
  });
});

describe('platform names', () => {
  it('maps Node platforms and architectures to GOOS/GOARCH', () => {
    expect(goosOf('win32')).toBe('windows');
    expect(goosOf('darwin')).toBe('darwin');
    expect(goosOf('sunos')).toBe('solaris');
    expect(goarchOf('x64')).toBe('amd64');
    expect(goarchOf('ia32')).toBe('386');
    expect(goarchOf('arm64')).toBe('arm64');
  });

  it('computes os.UserCacheDir and os.UserConfigDir', () => {
    const base = { home: '/h', path: path.posix };
    expect(userCacheDir({ ...base, goos: 'linux', env: { XDG_CACHE_HOME: 'rel' } })).toBe(null);
    expect(userConfigDir({ ...base, goos: 'linux', env: {} })).toBe('/h/.config');
    expect(userConfigDir({ ...base, goos: 'darwin', env: {} })).toBe(
      '/h/Library/Application Support',
    );
  });
});

describe('the go env file', () => {
  it('is read the way cmd/go reads it: KEY=VALUE lines, raw values', () => {
    expect(
      parseGoEnvFile(
        'GOPROXY=https://a,direct\nGOFLAGS=-mod=mod -x\n# comment\n  GOPATH=/indented\nlower=x\nGOPRIVATE=\nNOEQUALS\nGOSUMDB=off\r\n',
      ),
    ).toEqual({
      GOPROXY: 'https://a,direct',
      GOFLAGS: '-mod=mod -x',
      GOPRIVATE: '',
      GOSUMDB: 'off\r',
    });
  });
});

describe('the computed defaults equal what the real go command prints', () => {
  let work: string;
  beforeAll(async () => {
    work = await tempDir('modvault-goenv-');
  });
  afterAll(() => removeTree(work));

  // GOROOT and GOVERSION describe an installed toolchain: without Go there is none.
  const COMPARED = GO_ENV_VARS.filter((v) => v !== 'GOROOT' && v !== 'GOVERSION');

  const scenarios: [string, (home: string) => Record<string, string>, string?][] = [
    ['HOME only', () => ({})],
    ['XDG directories', (h) => ({ XDG_CACHE_HOME: `${h}/xc`, XDG_CONFIG_HOME: `${h}/xg` })],
    ['a GOPATH list', (h) => ({ GOPATH: `${h}/one:${h}/two` })],
    ['GOPRIVATE', () => ({ GOPRIVATE: 'corp.example.com,*.internal' })],
    ['a relative GOCACHE', () => ({ GOCACHE: 'not/absolute' })],
    ['GOMODCACHE and GOCACHE set', (h) => ({ GOMODCACHE: `${h}/m`, GOCACHE: `${h}/c` })],
    [
      'a go env file',
      () => ({}),
      'GOPROXY=https://proxy.example,direct\nGOPATH=/from/the/file\nGOPRIVATE=x.example\nGOSUMDB=off\nGOENV=/ignored\n',
    ],
    [
      'a go env file behind the environment',
      () => ({ GOPROXY: 'https://env.example' }),
      'GOPROXY=https://file.example\nGOFLAGS=-modcacherw\n',
    ],
    ['a custom GOENV file', (h) => ({ GOENV: `${h}/custom-env` }), 'GOPROXY=off\n'],
  ];

  it.each(scenarios)('%s', async (name, extra, envFile) => {
    const home = path.join(work, name.replace(/\W+/g, '-'));
    mkdirSync(home, { recursive: true });
    const vars = extra(home);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin',
      HOME: home,
      ...vars,
    };
    if (envFile !== undefined) {
      const file = vars.GOENV ?? path.join(home, '.config', 'go', 'env');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, envFile);
    }
    // Named variables: a whole `go env -json` fails on a relative GOCACHE since Go 1.24.
    const res = await go(['env', '-json', ...COMPARED], {
      cwd: home,
      env: { ...env, GOTOOLCHAIN: 'local' },
    });
    expect(res.code, res.stderr).toBe(0);
    const real = JSON.parse(res.stdout) as Record<string, string>;

    // Without Go: a runner pointing at a go binary that does not exist.
    const service = new GoEnvService({
      runner: new GoRunner(path.join(home, 'no-go-here'), env, silentLogger),
      env,
      goos: 'linux',
      goarch: goarchOf(process.arch),
      home,
      overrides: {},
      logger: silentLogger,
    });
    const computed = await service.get();
    expect(computed.go.found).toBe(false);
    for (const k of COMPARED) expect(`${k}=${computed.vars[k]}`).toBe(`${k}=${real[k] ?? ''}`);
  });
});
