import { limitYoungGeneration } from './heap-tuning';

// Imported first by every entry point (CLI, Electron main): V8 honours the flag only if it is
// set before the heap grows.
limitYoungGeneration();
