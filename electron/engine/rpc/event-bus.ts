import type { EventMap, EventName } from '../../../shared/contract';

type Listener<E extends EventName> = (payload: EventMap[E]) => void;
type AnyListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/** Typed publish/subscribe for engine events; transports forward everything via onAny. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly anyListeners = new Set<AnyListener>();

  on<E extends EventName>(event: E, fn: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(fn as Listener<EventName>);
    return () => set.delete(fn as Listener<EventName>);
  }

  onAny(fn: AnyListener): () => void {
    this.anyListeners.add(fn);
    return () => this.anyListeners.delete(fn);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    // A failing listener (say, a closed socket) must not stop delivery to the others.
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        fn(payload);
      } catch {
        /* listener errors are the listener's business */
      }
    }
    for (const fn of this.anyListeners) {
      try {
        fn(event, payload);
      } catch {
        /* as above */
      }
    }
  }
}
