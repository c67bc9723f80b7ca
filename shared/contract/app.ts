import type { AppStatus } from '../dto/status';
import { query } from './define';
import { empty } from './schemas';

/** What the tray, the dashboard and notifications summarize: jobs, cache health, backups. */
export const appCommands = {
  'app.status': query<AppStatus>()(empty),
};
