import type { EventMap, EventName } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';

/** What the Electron preload exposes as window.modvault (and nothing else). */
export interface ModvaultBridge {
  invoke(cmd: string, req: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, fn: (payload: EventMap[E]) => void): () => void;
}

declare global {
  interface Window {
    modvault?: ModvaultBridge;
  }
}
