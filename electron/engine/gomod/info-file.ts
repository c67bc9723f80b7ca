/** A .info file: compact JSON {"Version","Time"[,"Origin"]}. Returns null when unusable. */
export interface InfoFile {
  Version: string;
  Time?: string;
}

export function parseInfoFile(
  text: string,
  expectedVersion?: string,
): { info: InfoFile | null; problem: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { info: null, problem: `unparsable .info (${(e as Error).message})` };
  }
  if (typeof json !== 'object' || json === null || typeof (json as InfoFile).Version !== 'string') {
    return { info: null, problem: 'unparsable .info (no Version field)' };
  }
  const info = json as InfoFile;
  if (expectedVersion !== undefined && info.Version !== expectedVersion) {
    return { info, problem: `.info names version ${info.Version}, expected ${expectedVersion}` };
  }
  if (
    info.Time !== undefined &&
    (typeof info.Time !== 'string' || Number.isNaN(Date.parse(info.Time)))
  ) {
    return { info, problem: '.info has an invalid Time' };
  }
  return { info, problem: null };
}
