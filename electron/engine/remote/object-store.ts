/** One object as a listing shows it. */
export interface ObjectEntry {
  key: string;
  size: number;
}

/** A byte range of an object: `start` to `end`, both inclusive (as an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The port to object storage the remote code uses: keys are relative to the remote's prefix.
 * Objects are written whole and never changed in place; `put` with `ifAbsent` fails with
 * LOCKED when the key exists, where the server can tell.
 */
export interface ObjectStore {
  /** What the remote is, for messages: "s3://bucket/prefix at http://host:port". */
  readonly label: string;
  put(
    key: string,
    body: Buffer,
    opts?: { contentType?: string; signal?: AbortSignal },
  ): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string, opts?: { range?: ByteRange; signal?: AbortSignal }): Promise<Buffer | null>;
  /** The object's size, or null when there is none. */
  head(key: string, signal?: AbortSignal): Promise<number | null>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string, signal?: AbortSignal): Promise<ObjectEntry[]>;
  delete(key: string, signal?: AbortSignal): Promise<void>;
  close(): void;
}
