import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PowerEventName, PowerEvents } from './power-events';

const POLL_MS = 30_000;

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * On battery: a battery is discharging and no mains or USB supply is online. A machine without
 * batteries (a server, most VMs) never is.
 */
export function onBatteryFromSysfs(root: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return false;
  }
  let discharging = false;
  for (const name of entries) {
    const dir = path.join(root, name);
    const type = read(path.join(dir, 'type'));
    if ((type === 'Mains' || type === 'USB') && read(path.join(dir, 'online')) === '1')
      return false;
    if (type === 'Battery' && read(path.join(dir, 'status')) === 'Discharging') discharging = true;
  }
  return discharging;
}

/**
 * The daemon's power port on Linux, where no desktop shell reports power: the kernel's
 * /sys/class/power_supply, read every 30 s. (Sleep needs no port: the scheduler notices the
 * gap in its clock.)
 */
export function sysfsPowerEvents(root = '/sys/class/power_supply', pollMs = POLL_MS): PowerEvents {
  return {
    onBattery: () => onBatteryFromSysfs(root),
    subscribe(fn: (event: PowerEventName) => void) {
      let last = onBatteryFromSysfs(root);
      const timer = setInterval(() => {
        const now = onBatteryFromSysfs(root);
        if (now !== last) fn(now ? 'on-battery' : 'on-ac');
        last = now;
      }, pollMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
