import type { HandlerGroup } from '../rpc/router';
import type { StatusService } from './status-service';

export function statusHandlers(status: StatusService): HandlerGroup<'app.status'> {
  return {
    'app.status': () => status.status(),
  };
}
