import { EngineError } from '../errors';

/**
 * A blob that does not read back as stored (missing pack, cut short, undecodable, another
 * hash): whoever sees it records it (BlobDamage), so the next snapshot stores it again.
 */
export class DamagedBlobError extends EngineError {
  constructor(
    /** Hex SHA-256 of the blob's content. */
    readonly sha256: string,
    message: string,
    opts: { path?: string; fix?: string },
  ) {
    super('CORRUPT', message, opts);
    this.name = 'DamagedBlobError';
  }
}

/** The pack name of a blob no pack holds (its row says what it was; the content is lost). */
export const NO_PACK = '';
