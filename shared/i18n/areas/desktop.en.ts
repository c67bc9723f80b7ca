// The desktop shell around its engine process: reconnecting after the engine stopped, and an
// engine that cannot run on this machine.

export const desktopEn = {
  'desktop.reconnecting': 'The ModVault engine stopped. Restarting it…',
  'desktop.engineFailed': 'The ModVault engine cannot start',
};
