import type { CourierDeclaration } from 'waybill';
import { USPS_STATUSES } from './statuses.js';

export const TOKEN_PATH = '/oauth2/v3/token';
export const TRACKING_PREFIX = '/tracking/v3/tracking/';

/** `GET /tracking/v3/tracking/{trackingNumber}`, the one tracking call (one number per request). */
export const trackingPath = (trackingNumber: string) => `${TRACKING_PREFIX}${encodeURIComponent(trackingNumber)}`;

const MINUTE_MS = 60_000;

/**
 * Minutes between checks per status, for a default budget of 60 requests an hour (1,440 a day): a parcel
 * in transit is asked three times a day, one out for delivery every two hours, one waiting at the Post
 * Office or on its way back twice a day. Terminal statuses are never asked again (core).
 */
const INTERVALS = {
  info_received: 720,
  pending_pickup: 720,
  picked_up: 480,
  in_transit: 480,
  out_for_delivery: 120,
  delivery_failed: 360,
  available_for_pickup: 720,
  exception: 480,
  unknown: 480,
  rto_initiated: 720,
  rto_in_transit: 720,
};

/**
 * USPS Tracking API v3: OAuth2 client credentials (scope `tracking`) for a bearer token, then one GET per
 * tracking number. The default quota of the v3 APIs is 60 requests an hour per app; USPS raises it on request
 * (`WAYBILL_COURIER_USPS_QUOTA_REQUESTS`).
 */
export const uspsDeclaration: CourierDeclaration = {
  name: 'usps',
  displayName: 'USPS',
  // USPS domestic numbers are 20 to 22 digits; international ones the UPU S10 form, 2 letters, 9 digits, US.
  trackingNumberPattern: '\\d{20,22}|[A-Z]{2}\\d{9}US',
  mode: 'poll',
  batchSize: 1,
  batchLimit: 1,
  quota: { requests: 60, windowSeconds: 3600 },
  // The quota allows one request a minute: a second worker would only wait for the limiter.
  concurrency: 1,
  // A run takes about a minute per number at the default quota: 30 numbers fill the half hour to the next run.
  schedule: { cron: '*/30 * * * *', runOnStart: true, maxPerRun: 30 },
  auth: {
    kind: 'oauth2',
    tokenPath: TOKEN_PATH,
    clientIdCredential: 'client_id',
    clientSecretCredential: 'client_secret',
    scope: 'tracking',
    // Tokens live about 8 hours; a 401 right after a new one means the app itself is refused.
    minRefreshIntervalMs: MINUTE_MS,
  },
  credentials: ['client_id', 'client_secret'],
  endpoints: { baseUrl: 'https://apis.usps.com', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: USPS_STATUSES,
  // A 429 without Retry-After on an hourly quota: a quarter of an hour, not the core's five minutes.
  cooldowns: { rateLimitDefaultMs: 15 * MINUTE_MS },
  // Returns to sender (unclaimed after 15 days, then the way back) take weeks.
  polling: { intervals: INTERVALS, maxAgeDays: 90 },
};
