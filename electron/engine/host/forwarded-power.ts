import type { PowerEventName, PowerEvents } from '../platform/power-events';
import { noPowerEvents } from '../platform/power-events';

/**
 * Power events for an engine in its own process: those of the machine it can read itself (sysfs
 * for the daemon on Linux) plus those a front end forwards (the desktop app's powerMonitor).
 */
export class ForwardedPower implements PowerEvents {
  private readonly listeners = new Set<(event: PowerEventName) => void>();
  private battery: boolean | null = null;

  constructor(private readonly own: PowerEvents = noPowerEvents) {}

  subscribe(fn: (event: PowerEventName) => void): () => void {
    this.listeners.add(fn);
    const off = this.own.subscribe(fn);
    return () => {
      this.listeners.delete(fn);
      off();
    };
  }

  onBattery(): boolean {
    return this.battery ?? this.own.onBattery();
  }

  forward(event: PowerEventName, onBattery: boolean): void {
    this.battery = onBattery;
    for (const fn of this.listeners) fn(event);
  }
}
