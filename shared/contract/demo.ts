import type { DemoInfo } from '../dto/demo';
import { job } from './define';
import { empty } from './schemas';

/** The demo cache: built from bundled modules, used instead of the real cache, removable. */
export const demoCommands = {
  'demo.create': job<DemoInfo>()(empty),
  'demo.remove': job<{ removed: boolean }>()(empty),
};
