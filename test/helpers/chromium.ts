/** Debian's Chromium, as every browser test here runs it (Playwright cannot download its own). */
export const CHROMIUM = process.env.MODVAULT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
