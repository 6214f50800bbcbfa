import type { CourierDeclaration } from 'waybill';
import { VELOCITY_STATUSES } from './statuses.js';

const MINUTE_MS = 60_000;

/** The old poller's batch (seed 000: "45 AWBs (50 limit, 45 for safety)"); Velocity documents no limit. */
export const BATCH_SIZE = 45;
/** The hard limit the seed reports: a larger configured batch size is refused at start. */
export const API_BATCH_LIMIT = 50;

export const TRACKING_PATH = '/custom/api/v1/order-tracking';
export const LOGIN_PATH = '/custom/api/v1/auth-token';

/**
 * Velocity Shipping (formerly Shipfast). Tracking: POST a batch of AWBs, answer keyed by AWB.
 * Auth: username + password → a 24 h session token, sent raw in `Authorization`; every login revokes
 * all earlier tokens, so logins are single-flight (core) and at least a minute apart.
 */
export const velocityDeclaration: CourierDeclaration = {
  name: 'velocity',
  displayName: 'Velocity Shipping',
  // AWBs are digits of no documented length: declared as any digits, so such a number is never given to
  // another courier alone while this one is enabled (registering it without a courier names the candidates instead).
  trackingNumberPattern: '\\d+',
  mode: 'poll',
  batchSize: BATCH_SIZE,
  batchLimit: API_BATCH_LIMIT,
  // [doc] "500 requests per 5 minutes per API key" on the tracking endpoint.
  quota: { requests: 500, windowSeconds: 300 },
  // Enough workers to use the quota's 600 ms spacing while a request takes up to ~2.4 s.
  concurrency: 4,
  schedule: { cron: '*/8 * * * *', runOnStart: true, maxPerRun: 10_000 },
  auth: {
    kind: 'login',
    path: LOGIN_PATH,
    body: { username: 'username', password: 'password' },
    tokenField: 'token',
    header: 'Authorization',
    // A login revokes the token every in-flight request holds, and 5 refused logins lock the account.
    minRefreshIntervalMs: MINUTE_MS,
    // 24 h [doc], renewed 5 minutes early so a run does not meet the expiry midway.
    ttlMs: 24 * 60 * MINUTE_MS - 5 * MINUTE_MS,
  },
  credentials: ['username', 'password'],
  endpoints: { baseUrl: 'https://shazam.velocity.in', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: VELOCITY_STATUSES,
  // Seed: shipments booked more than BUFFER_PERIOD (31) days ago are no longer polled.
  polling: { maxAgeDays: 31 },
};

/**
 * The same courier authenticated with a dashboard-issued API key (Velocity's documented replacement for
 * the deprecated auth-token login: up to 365 days, no revocation of other keys), sent raw.
 */
export const velocityApiKeyDeclaration: CourierDeclaration = {
  ...velocityDeclaration,
  auth: { kind: 'header', header: 'Authorization', credential: 'api_key' },
  credentials: ['api_key'],
};
