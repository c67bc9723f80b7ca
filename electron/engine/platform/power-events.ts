import type { Clock } from './clock';
import type { Logger } from './logger';

export type PowerEventName =
  'suspend' | 'resume' | 'on-ac' | 'on-battery' | 'lock-screen' | 'unlock-screen' | 'shutdown';

/**
 * The engine's port for the machine's power events. The desktop shell adapts Electron's
 * powerMonitor to it; the CLI and browser mode have none (a machine that never sleeps).
 */
export interface PowerEvents {
  subscribe(fn: (event: PowerEventName) => void): () => void;
  /** Whether the machine runs on battery right now. */
  onBattery(): boolean;
}

export const noPowerEvents: PowerEvents = {
  subscribe: () => () => {},
  onBattery: () => false,
};

export interface PowerSnapshot {
  onBattery: boolean;
  lastSuspendAt: number | null;
  lastResumeAt: number | null;
}

/**
 * What the engine knows about power: the scheduler re-checks its clock on resume and may skip
 * runs on battery, so both are remembered here and offered to subscribers.
 */
export class PowerState {
  private battery: boolean;
  private lastSuspendAt: number | null = null;
  private lastResumeAt: number | null = null;
  private readonly listeners = new Set<(event: PowerEventName) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    port: PowerEvents,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.battery = port.onBattery();
    this.unsubscribe = port.subscribe((event) => this.handle(event));
  }

  private handle(event: PowerEventName): void {
    this.logger.info('power event', { event });
    if (event === 'on-battery') this.battery = true;
    if (event === 'on-ac') this.battery = false;
    if (event === 'suspend') this.lastSuspendAt = this.clock.now();
    if (event === 'resume') this.lastResumeAt = this.clock.now();
    for (const fn of this.listeners) {
      try {
        fn(event);
      } catch (e) {
        this.logger.error('power listener failed', { event, error: String(e) });
      }
    }
  }

  on(fn: (event: PowerEventName) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  snapshot(): PowerSnapshot {
    return {
      onBattery: this.battery,
      lastSuspendAt: this.lastSuspendAt,
      lastResumeAt: this.lastResumeAt,
    };
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
