import type { GoEnvReport } from '../../../shared/dto/env';
import type { ModuleVersion } from '../gomod/layout';
import { TOOLCHAIN_MODULE } from '../gomod/layout';
import type { Getter } from '../sumdb/sumdb-client';
import { SumdbClient } from '../sumdb/sumdb-client';
import { matchPrefixPatterns, parseGoSumdb } from '../sumdb/sumdb-config';
import type { DbWitness } from './checksum-verdict';

/** Asks the checksum database about a version, as the go command would, or says why it won't. */
export type SumdbAsk = (m: ModuleVersion) => Promise<DbWitness>;

/**
 * The third witness for one doctor run, configured from the user's Go settings exactly as
 * the go command reads them: GOSUMDB=off and GONOSUMDB (GOPRIVATE when unset) keep it silent,
 * except for toolchain modules, which go always checks; GOFLAGS=-insecure and GOINSECURE do not.
 */
export function sumdbWitness(env: GoEnvReport, get: Getter, signal?: AbortSignal): SumdbAsk {
  const setting = parseGoSumdb(env.vars.GOSUMDB);
  const client =
    setting.kind === 'db'
      ? new SumdbClient({
          setting,
          goproxy: env.vars.GOPROXY,
          gomodcache: env.gomodcache,
          sumdbDir: env.sumdbDir,
          get,
          signal,
        })
      : null;
  const fromGoprivate = env.sources.GONOSUMDB === 'default' && env.vars.GOPRIVATE !== '';
  return async (m) => {
    if (setting.kind === 'off') return { kind: 'silent', why: { reason: 'off' } };
    if (setting.kind === 'invalid')
      return { kind: 'silent', why: { reason: 'invalid', error: setting.error } };
    const forced =
      m.path === TOOLCHAIN_MODULE &&
      !(env.vars.GOPROXY.startsWith('file://') && !/[,|]/.test(env.vars.GOPROXY));
    const pattern = forced ? null : matchPrefixPatterns(env.vars.GONOSUMDB, m.path);
    if (pattern !== null)
      return {
        kind: 'silent',
        why: { reason: 'private', variable: fromGoprivate ? 'GOPRIVATE' : 'GONOSUMDB', pattern },
      };
    const answer = await client!.lookup(m.path, m.version);
    const name = client!.name;
    switch (answer.status) {
      case 'found':
        return { kind: 'found', name, via: answer.via, h1: answer.h1, modH1: answer.modH1 };
      case 'not-found':
        return { kind: 'silent', why: { reason: 'not-found', name } };
      case 'unreachable':
        return { kind: 'silent', why: { reason: 'unreachable', name, error: answer.error } };
      case 'misbehaving':
        return { kind: 'silent', why: { reason: 'misbehaving', name, error: answer.error } };
    }
  };
}
