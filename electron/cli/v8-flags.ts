import { limitYoungGeneration } from '../engine/platform/heap-tuning';

// Imported first by main.ts: V8 honours the flag only if it is set before the heap grows.
limitYoungGeneration();
