import { powerMonitor } from 'electron';
import { POWER_EVENTS } from '../engine/link/link-protocol';
import type { PowerEventName } from '../engine/platform/power-events';

/** Where the shell sends the machine's power events: the engine, in its own process. */
export interface PowerSink {
  power(event: PowerEventName, onBattery: boolean): void;
}

/**
 * Electron's powerMonitor, forwarded to the engine. `sync` tells a newly connected engine the
 * battery state it cannot read itself.
 */
export function forwardPowerEvents(sink: PowerSink): { sync(): void; stop(): void } {
  const listeners = POWER_EVENTS.map((event) => {
    const listener = () => sink.power(event, powerMonitor.isOnBatteryPower());
    powerMonitor.on(event as 'suspend', listener);
    return () => powerMonitor.off(event as 'suspend', listener);
  });
  return {
    sync: () => {
      const battery = powerMonitor.isOnBatteryPower();
      sink.power(battery ? 'on-battery' : 'on-ac', battery);
    },
    stop: () => listeners.forEach((off) => off()),
  };
}
