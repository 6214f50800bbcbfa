import Type, { type Static } from 'typebox';

/** SigV4 presigned URLs are valid for at most seven days (X-Amz-Expires ≤ 604800). */
export const MAX_PRESIGN_EXPIRY_SECONDS = 7 * 24 * 60 * 60;

/** The options of the s3-logs effect; in the environment each is WAYBILL_EFFECT_S3_LOGS_<OPTION>. */
export const S3LogsOptionsSchema = Type.Object({
  /** The bucket the run logs go to; unset = the effect is off. */
  bucket: Type.String({ minLength: 3, maxLength: 63 }),
  region: Type.String({ minLength: 1, default: 'us-east-1' }),
  /** An S3-compatible store's URL (path-style requests are used then); absent: AWS S3 of `region`. */
  endpoint: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+' })),
  /** Prepended to `<courier>/<time>-<run id>.ndjson`: empty, or not starting with `/` and ending with `/`. */
  prefix: Type.String({ pattern: '^([^/].*/)?$', default: 'waybill/run-logs/' }),
  presignExpirySeconds: Type.Integer({ minimum: 1, maximum: MAX_PRESIGN_EXPIRY_SECONDS, default: 6 * 24 * 60 * 60 }),
  /** A courier's spool is uploaded once it holds this many bytes. */
  flushBytes: Type.Integer({ minimum: 1, default: 512_000 }),
  /** And every spool with anything in it at this interval (when the app runs its own schedule). */
  flushIntervalMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60, default: 30 }),
  /** Where run logs wait for their upload, one folder per courier. */
  spoolDir: Type.String({ minLength: 1, default: './data/s3-logs' }),
});

export type S3LogsOptions = Static<typeof S3LogsOptionsSchema>;
