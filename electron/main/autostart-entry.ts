// The XDG autostart entry that starts the app at login on Linux, where Electron's
// setLoginItemSettings does nothing. Pure (no Electron import): unit-tested.

/** Quotes one Exec argument the way the Desktop Entry spec requires. */
export function quoteExecArg(arg: string): string {
  if (!/[\s"'\\$`<>|&;()*?#~]/.test(arg) && arg !== '') return arg.replace(/%/g, '%%');
  return `"${arg.replace(/([\\"`$])/g, '\\$1').replace(/%/g, '%%')}"`;
}

export function autostartEntry(argv: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=ModVault',
    'Comment=Protects the Go module cache',
    `Exec=${argv.map(quoteExecArg).join(' ')}`,
    'Icon=modvault',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
