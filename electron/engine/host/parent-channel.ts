/**
 * The engine process's line to the front end that started it, for its lifecycle only (ready,
 * stop, a fatal start-up error); contract traffic goes over the local socket like every other
 * front end's. Electron's utilityProcess offers `process.parentPort`; a Node child started
 * with an IPC channel offers `process.send`.
 */
export interface ParentChannel {
  send(message: EngineProcessMessage): void;
  onStop(fn: () => void): void;
}

export type EngineProcessMessage =
  | { type: 'ready'; pid: number }
  | { type: 'running'; pid: number }
  | { type: 'fatal'; error: { code: string; message: string; fix?: string } };

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
}

const isStop = (m: unknown) => (m as { type?: unknown } | null)?.type === 'stop';

export function parentChannel(): ParentChannel | null {
  const port = (process as { parentPort?: UtilityParentPort }).parentPort;
  if (port)
    return {
      send: (m) => port.postMessage(m),
      onStop: (fn) => port.on('message', (e) => isStop(e.data) && fn()),
    };
  if (process.send)
    return {
      send: (m) => process.send?.(m),
      onStop: (fn) => {
        process.on('message', (m) => isStop(m) && fn());
        // The front end is gone (crashed, killed): an engine nobody started must not linger.
        process.on('disconnect', fn);
      },
    };
  return null;
}
