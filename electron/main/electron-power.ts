import { powerMonitor } from 'electron';
import type { PowerEventName, PowerEvents } from '../engine/platform/power-events';

const EVENTS: PowerEventName[] = [
  'suspend',
  'resume',
  'on-ac',
  'on-battery',
  'lock-screen',
  'unlock-screen',
  'shutdown',
];

/** Electron's powerMonitor behind the engine's PowerEvents port. */
export const electronPowerEvents: PowerEvents = {
  subscribe(fn) {
    const listeners = EVENTS.map((event) => {
      const listener = () => fn(event);
      powerMonitor.on(event as 'suspend', listener);
      return () => powerMonitor.off(event as 'suspend', listener);
    });
    return () => listeners.forEach((off) => off());
  },
  onBattery: () => powerMonitor.isOnBatteryPower(),
};
