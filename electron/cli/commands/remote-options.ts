import { readFileSync } from 'node:fs';
import { fromErrno } from '../../engine/errors';
import type { OptionSpec } from '../args';
import { UsageError } from '../args';
import type { CliContext } from '../command';

export const passphraseOption: OptionSpec = {
  name: 'passphrase-file',
  type: 'string',
  valueName: 'FILE',
  description: "An encrypted remote's passphrase, from a file (else MODVAULT_PASSPHRASE)",
};

export const remoteOption = (name: 'to' | 'from' | 'remote', what: string): OptionSpec => ({
  name,
  type: 'string',
  valueName: 'NAME',
  description: what,
});

/** The passphrase from --passphrase-file, when given. */
export function passphraseOf(ctx: CliContext): { passphrase?: string } {
  const file = ctx.string('passphrase-file');
  if (!file) return {};
  try {
    return { passphrase: readFileSync(file, 'utf8').replace(/\r?\n$/, '') };
  } catch (e) {
    throw fromErrno(e, `the passphrase file ${file}`) ?? e;
  }
}

/** The remote a command names with --to/--from/--remote, and its passphrase when given. */
export function remoteTarget(
  ctx: CliContext,
  option: 'to' | 'from' | 'remote',
): { remote: string; passphrase?: string } {
  const remote = ctx.string(option);
  if (!remote) throw new UsageError(`--${option} NAME is needed (see modvault remote list)`);
  return { remote, ...passphraseOf(ctx) };
}
