import type { BenchSuite } from '../context';
import { cleanSuite } from './clean';
import { daemonSuite } from './daemon';
import { foundationSuite } from './foundation';
import { storeSuite } from './store';
import { storeCodecsSuite } from './store-codecs';
import { restoreSuite } from './restore';
import { remoteSuite } from './remote';
import { responsivenessSuite } from './responsiveness';
import { allSuite } from './all';
import { scaleSuite } from './scale';

/** Every benchmark suite, by name: `npm run bench -- <name>...` (all when none is named). */
export const suites: BenchSuite[] = [
  foundationSuite,
  storeSuite,
  storeCodecsSuite,
  cleanSuite,
  daemonSuite,
  restoreSuite,
  remoteSuite,
  responsivenessSuite,
  allSuite,
  scaleSuite,
];
