export const STATES: readonly ['idle', 'running', 'warning', 'error'];
/** Every icon file, keyed by its path under resources/. */
export function renderIcons(): Map<string, Buffer>;
