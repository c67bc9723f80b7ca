/**
 * A damaged or unreadable cache file (a bad zip, a bad h1 input, an errno from reading it) is a
 * finding about the version it belongs to; anything else (a cancel, a crashed worker, a bug) is
 * not, and stops the job.
 */
export function isFileProblem(e: unknown): e is Error {
  if (!(e instanceof Error)) return false;
  if (e.name === 'ZipFormatError' || e.name === 'H1Error') return true;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
