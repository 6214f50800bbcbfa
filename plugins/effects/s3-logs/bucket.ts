import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3LogsOptions } from './options.js';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** Give up on an unreachable endpoint quickly; the spool keeps the log for the next flush. */
const CONNECTION_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The bucket the logs go to. Credentials come from the AWS SDK's default chain (environment, shared
 * config and credentials files, SSO, web identity, ECS or EC2 roles); none are options of this effect.
 */
export class LogBucket {
  readonly #client: S3Client;

  constructor(
    readonly name: string,
    private readonly options: Pick<S3LogsOptions, 'region' | 'endpoint' | 'presignExpirySeconds'>,
  ) {
    this.#client = new S3Client({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
      // No GetObject is made here; this keeps `x-amz-checksum-mode` out of the presigned URLs.
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    });
  }

  async put(key: string, body: Buffer): Promise<void> {
    await this.#client.send(new PutObjectCommand({ Bucket: this.name, Key: key, Body: body, ContentType: NDJSON_CONTENT_TYPE }));
  }

  /**
   * A GET URL anyone can use until it expires (SigV4 query authentication, signed as of `signedAt`). A URL
   * signed with temporary credentials (a role's) stops working when they expire, which may be sooner.
   */
  async presignGet(key: string, signedAt: Date): Promise<{ url: string; expiresAt: Date }> {
    const expiresIn = this.options.presignExpirySeconds;
    const url = await getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.name, Key: key }), { expiresIn, signingDate: signedAt });
    const { expiration } = await this.#client.config.credentials();
    const expiresAt = new Date(signedAt.getTime() + expiresIn * 1000);
    return { url, expiresAt: expiration !== undefined && expiration < expiresAt ? expiration : expiresAt };
  }

  close(): void {
    this.#client.destroy();
  }
}
