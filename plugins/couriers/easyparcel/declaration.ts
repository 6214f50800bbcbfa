import type { CourierDeclaration } from 'waybill';
import { EASYPARCEL_STATUSES } from './statuses.js';

/** `POST /oauth/token` on the API host [doc: 2025-09 Authentication]. */
export const TOKEN_PATH = '/oauth/token';
/** `POST /open_api/2025-09/shipment/tracking_status` with `{"awb_numbers": [...]}` [doc]. */
export const TRACKING_PATH = '/open_api/2025-09/shipment/tracking_status';
/** "max 100 per request" [doc]. */
export const BATCH_LIMIT = 100;

/**
 * EasyParcel's 2025-09 Open API, polled the way the seed's tracking cache did (seed 003): per-status
 * frequencies, a daily API budget, three calls at a time, a ten-second timeout. EasyParcel publishes no rate
 * limit, so the per-minute quota is Waybill's conservative choice (README "Limits").
 */
export const easyparcelDeclaration: CourierDeclaration = {
  name: 'easyparcel',
  displayName: 'EasyParcel',
  mode: 'poll',
  batchSize: BATCH_LIMIT,
  batchLimit: BATCH_LIMIT,
  // NOT an EasyParcel number (none is published): one request every 3 s. `daily` is the seed's DAILY_API_BUDGET.
  quota: { requests: 20, windowSeconds: 60, daily: 1000 },
  // The seed's MAX_CONCURRENT ("up to 3 concurrent API calls").
  concurrency: 3,
  // The seed processes urgent jobs every 15 minutes; 1,000 shipments = 10 requests, so 96 runs stay near the budget.
  schedule: { cron: '*/15 * * * *', runOnStart: true, maxPerRun: 1000 },
  auth: {
    kind: 'oauth2',
    tokenPath: TOKEN_PATH,
    clientIdCredential: 'client_id',
    clientSecretCredential: 'client_secret',
    // "authorization - Basic [base64(app_client_id:app_secret)]" [doc].
    clientAuth: 'basic',
    refreshTokenCredential: 'refresh_token',
    // A 401 right after a fresh token means the app itself is refused: ask for another at most once a minute.
    minRefreshIntervalMs: 60_000,
  },
  credentials: ['client_id', 'client_secret'],
  optionalCredentials: ['refresh_token'],
  // The seed's TRACKING_API_TIMEOUT (10 s).
  endpoints: { baseUrl: 'https://api.easyparcel.com', connectTimeoutMs: 10_000, requestTimeoutMs: 10_000 },
  statuses: EASYPARCEL_STATUSES,
  polling: {
    // Minutes, the seed's UPDATE_FREQUENCIES by status family (README "Polling").
    intervals: {
      info_received: 1440,
      pending_pickup: 1440,
      in_transit: 120,
      rto_initiated: 120,
      rto_in_transit: 120,
      out_for_delivery: 30,
      delivery_failed: 60,
      exception: 60,
    },
    // The seed's first retry delay (RETRY_DELAYS 60, 300, 900 s); the core doubles it per failure.
    failureBackoffBaseSeconds: 60,
  },
};
