import type { HandlerGroup } from '../rpc/router';
import type { GoEnvService } from './go-env';

export function toolchainHandlers(goEnv: GoEnvService): HandlerGroup<'env.get'> {
  return {
    'env.get': (req) => goEnv.get(req.refresh ?? false),
  };
}
