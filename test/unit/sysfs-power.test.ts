import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { onBatteryFromSysfs } from '../../electron/engine/platform/sysfs-power';
import { removeTree, tempDir } from '../helpers/temp';

async function supply(root: string, name: string, files: Record<string, string>) {
  await mkdir(path.join(root, name), { recursive: true });
  for (const [f, v] of Object.entries(files)) await writeFile(path.join(root, name, f), `${v}\n`);
}

describe('battery state from /sys/class/power_supply', () => {
  it('on battery only when a battery discharges and no mains or USB supply is online', async () => {
    const root = await tempDir('modvault-power-');
    onTestFinished(() => removeTree(root));
    expect(onBatteryFromSysfs(path.join(root, 'missing'))).toBe(false);
    expect(onBatteryFromSysfs(root)).toBe(false); // a server: no supplies at all
    await supply(root, 'BAT0', { type: 'Battery', status: 'Discharging' });
    await supply(root, 'AC', { type: 'Mains', online: '0' });
    expect(onBatteryFromSysfs(root)).toBe(true);
    await supply(root, 'ucsi-source-psy-USBC000:001', { type: 'USB', online: '1' });
    expect(onBatteryFromSysfs(root)).toBe(false);
    await supply(root, 'ucsi-source-psy-USBC000:001', { type: 'USB', online: '0' });
    await supply(root, 'BAT0', { type: 'Battery', status: 'Charging' });
    expect(onBatteryFromSysfs(root)).toBe(false);
  });
});
