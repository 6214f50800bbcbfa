import type { CourierDeclaration } from 'waybill';
import { FEDEX_STATUSES } from './statuses.js';

const MINUTE_MS = 60_000;

/** [doc] "up to 30 tracking numbers" per Track request; a larger configured batch size is refused at start. */
export const BATCH_LIMIT = 30;

export const TOKEN_PATH = '/oauth/token';
export const TRACK_PATH = '/track/v1/trackingnumbers';

/** [doc] Quotas & rate limits guide: 1,400 transactions per 10 seconds per project, then 429 for the rest of the window. */
export const WINDOW_REQUESTS = 1_400;
export const WINDOW_SECONDS = 10;

/**
 * FedEx Track API (Basic Integrated Visibility). OAuth2 client credentials (API key + secret key) for a
 * bearer token of about 60 minutes; `POST /track/v1/trackingnumbers` answers up to 30 numbers at once.
 */
export const fedexDeclaration: CourierDeclaration = {
  name: 'fedex',
  displayName: 'FedEx',
  // FedEx numbers: 12 digits (Express), 15 (Ground), 20 or 22 (Ground Economy / SmartPost); 20 and 22 are USPS's lengths too.
  trackingNumberPattern: '\\d{12}|\\d{15}|\\d{20}|\\d{22}',
  mode: 'poll',
  batchSize: BATCH_LIMIT,
  batchLimit: BATCH_LIMIT,
  // [doc] the Track capability's default per-project quota is 100,000 requests a day (429 until 00:00 GMT).
  quota: { requests: WINDOW_REQUESTS, windowSeconds: WINDOW_SECONDS, daily: 100_000 },
  // Eight requests in flight at about a second each: ~240 numbers a second, far below the window's limit.
  concurrency: 8,
  // 48 runs a day of at most 1,000 requests each stay under half the daily quota, leaving room for live checks.
  schedule: { cron: '*/30 * * * *', runOnStart: true, maxPerRun: 30_000 },
  auth: {
    kind: 'oauth2',
    tokenPath: TOKEN_PATH,
    clientIdCredential: 'client_id',
    clientSecretCredential: 'client_secret',
    clientAuth: 'body',
    // [doc] the token endpoint throttles by IP (3 a second for 5 s, or 1 a second for 2 min, → 10-minute 403).
    minRefreshIntervalMs: MINUTE_MS,
  },
  credentials: ['client_id', 'client_secret'],
  endpoints: { baseUrl: 'https://apis.fedex.com', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: FEDEX_STATUSES,
  cooldowns: {
    // A 429 without Retry-After: the rest of FedEx's 10-second window is at most 10 s.
    rateLimitDefaultMs: WINDOW_SECONDS * 1000,
    // [doc] the OAuth thresholds' penalty is 10 minutes of 403.
    forbiddenMs: 10 * MINUTE_MS,
  },
};
