/** What every OS's service definition needs to start `modvault daemon` at login. */
export interface ServiceSpec {
  /** The daemon's command line: node, the CLI script, "daemon" and its options. */
  argv: string[];
  /** Variables the daemon needs that a login session's services lack (PATH, to find go). */
  env: Record<string, string>;
  workingDir: string;
  /** Where the OS may put what the daemon prints before its own log is open. */
  logDir: string;
}

export const SERVICE_DESCRIPTION =
  'ModVault: scheduled backups and deletion watch for the Go module cache';
