import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client as S3ClientType } from '@aws-sdk/client-s3';
import { EngineError } from '../errors';
import type { ByteRange, ObjectEntry, ObjectStore } from './object-store';

export interface S3Target {
  bucket: string;
  /** Key prefix without a trailing "/" ("" for the bucket's root). */
  prefix: string;
  endpoint: string;
  region: string;
  pathStyle: boolean;
  /** Keys kept by the app (Settings); without them the AWS SDK's own chain is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | null;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

// A connection that drops mid-body surfaces from the stream, not from the HTTP client.
const NETWORK =
  /ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|EHOSTUNREACH|socket hang up|TimeoutError|RequestTimeout|Premature close|ERR_STREAM_PREMATURE_CLOSE|aborted|other side closed|terminated/;

/** Turns an SDK error into a message that names the remote, the object and what to do. */
export function fromS3(e: unknown, label: string, what: string): EngineError {
  if (e instanceof EngineError) return e;
  const x = (e ?? {}) as SdkError;
  const name = x.name ?? '';
  const status = x.$metadata?.httpStatusCode;
  const detail = `${name || x.code || 'error'}${x.message && x.message !== name ? `: ${x.message}` : ''}`;
  if (name === 'AbortError') return new EngineError('CANCELED', 'Canceled.');
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch')
    return new EngineError('UNAUTHORIZED', `${label} rejected the credentials (${name}).`, {
      fix: 'Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or AWS_PROFILE and ~/.aws/credentials), or the keys saved with the remote in Settings.',
      cause: e,
    });
  if (name === 'CredentialsProviderError')
    return new EngineError('UNAUTHORIZED', `No credentials for ${label}.`, {
      fix: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with ~/.aws/credentials), or save keys with the remote in Settings.',
      cause: e,
    });
  if (name === 'AccessDenied' || status === 403)
    return new EngineError('PERMISSION_DENIED', `${label} denied access to ${what} (${detail}).`, {
      fix: 'Use an access key that may read and write this bucket and prefix (a read-only key can restore and list, not push, publish or prune).',
      cause: e,
    });
  if (name === 'NoSuchBucket')
    return new EngineError('NOT_FOUND', `${label}: the bucket does not exist.`, {
      fix: 'Create the bucket on the server first, or correct the remote URL (modvault remote list).',
      cause: e,
    });
  // No HTTP status: the request never got an answer (a refused or cut connection).
  const transport = status === undefined && !(e instanceof TypeError || e instanceof RangeError);
  if (
    transport ||
    NETWORK.test(`${name} ${x.code ?? ''} ${x.message ?? ''}`) ||
    (status ?? 0) >= 500
  )
    return new EngineError(
      'DISCONNECTED',
      `Cannot reach ${label} while working on ${what} (${detail}).`,
      {
        fix: 'Check that the server is up and the endpoint is right, then run the command again: a push resumes where it stopped.',
        cause: e,
      },
    );
  return new EngineError('INTERNAL', `${label} failed on ${what} (${detail}).`, { cause: e });
}

const isMissing = (e: unknown) => {
  const x = (e ?? {}) as SdkError;
  return x.name === 'NoSuchKey' || x.name === 'NotFound' || x.$metadata?.httpStatusCode === 404;
};

/**
 * S3-compatible object storage through the AWS SDK v3 (signing, retries with backoff, the
 * standard credential chain: AWS_* variables, AWS_PROFILE and the shared credentials file).
 * The SDK is loaded on first use, so commands that never touch a remote never load it.
 */
export class S3ObjectStore implements ObjectStore {
  readonly label: string;
  private client: Promise<{ sdk: typeof S3Sdk; s3: S3ClientType }> | null = null;

  constructor(private readonly t: S3Target) {
    this.label = `s3://${t.bucket}${t.prefix ? `/${t.prefix}` : ''} at ${t.endpoint}`;
  }

  private key(k: string): string {
    return this.t.prefix ? `${this.t.prefix}/${k}` : k;
  }

  private sdk() {
    // ModVault supports the Node it ships with; the SDK's notice about its own future plans
    // would only clutter every remote command's output.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client ??= import('@aws-sdk/client-s3').then((mod) => {
      // Bundled, the CommonJS package arrives as the default export.
      const sdk = mod.S3Client ? mod : (mod as unknown as { default: typeof mod }).default;
      return {
        sdk,
        s3: new sdk.S3Client({
          endpoint: this.t.endpoint,
          region: this.t.region,
          forcePathStyle: this.t.pathStyle,
          ...(this.t.credentials ? { credentials: this.t.credentials } : {}),
          maxAttempts: 4,
          // Checksums of every request body are an AWS extension some servers reject.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          requestHandler: {
            connectionTimeout: 10_000,
            requestTimeout: 120_000,
            throwOnRequestTimeout: true,
          },
        }),
      };
    });
    return this.client;
  }

  async put(
    key: string,
    body: Buffer,
    opts: { contentType?: string; signal?: AbortSignal } = {},
  ): Promise<void> {
    const { sdk, s3 } = await this.sdk();
    try {
      await s3.send(
        new sdk.PutObjectCommand({
          Bucket: this.t.bucket,
          Key: this.key(key),
          Body: body,
          ContentLength: body.length,
          ContentType: opts.contentType ?? 'application/octet-stream',
        }),
        { abortSignal: opts.signal },
      );
    } catch (e) {
      throw fromS3(e, this.label, key);
    }
  }

  async get(
    key: string,
    opts: { range?: ByteRange; signal?: AbortSignal } = {},
  ): Promise<Buffer | null> {
    const { sdk, s3 } = await this.sdk();
    try {
      const r = await s3.send(
        new sdk.GetObjectCommand({
          Bucket: this.t.bucket,
          Key: this.key(key),
          ...(opts.range ? { Range: `bytes=${opts.range.start}-${opts.range.end}` } : {}),
        }),
        { abortSignal: opts.signal },
      );
      const body = Buffer.from(await r.Body!.transformToByteArray());
      // A connection cut mid-body can end the stream early without an error.
      if (r.ContentLength !== undefined && body.length !== r.ContentLength)
        throw Object.assign(
          new Error(`the connection closed after ${body.length} of ${r.ContentLength} bytes`),
          {
            code: 'ECONNRESET',
          },
        );
      return body;
    } catch (e) {
      if (isMissing(e)) return null;
      throw fromS3(e, this.label, key);
    }
  }

  async head(key: string, signal?: AbortSignal): Promise<number | null> {
    const { sdk, s3 } = await this.sdk();
    try {
      const r = await s3.send(
        new sdk.HeadObjectCommand({ Bucket: this.t.bucket, Key: this.key(key) }),
        {
          abortSignal: signal,
        },
      );
      return r.ContentLength ?? 0;
    } catch (e) {
      if (isMissing(e)) return null;
      throw fromS3(e, this.label, key);
    }
  }

  async list(prefix: string, signal?: AbortSignal): Promise<ObjectEntry[]> {
    const { sdk, s3 } = await this.sdk();
    const full = this.key(prefix);
    const strip = this.t.prefix ? this.t.prefix.length + 1 : 0;
    const out: ObjectEntry[] = [];
    let token: string | undefined;
    try {
      do {
        const r = await s3.send(
          new sdk.ListObjectsV2Command({
            Bucket: this.t.bucket,
            Prefix: full,
            ContinuationToken: token,
          }),
          { abortSignal: signal },
        );
        for (const o of r.Contents ?? [])
          if (o.Key) out.push({ key: o.Key.slice(strip), size: o.Size ?? 0 });
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      throw fromS3(e, this.label, `the listing of ${prefix || '/'}`);
    }
    return out;
  }

  async delete(key: string, signal?: AbortSignal): Promise<void> {
    const { sdk, s3 } = await this.sdk();
    try {
      await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.t.bucket, Key: this.key(key) }), {
        abortSignal: signal,
      });
    } catch (e) {
      if (isMissing(e)) return;
      throw fromS3(e, this.label, key);
    }
  }

  close(): void {
    void this.client?.then(({ s3 }) => s3.destroy()).catch(() => {});
    this.client = null;
  }
}
