import type { CourierDeclaration } from 'waybill';
import { SHIPROCKET_STATUSES } from './statuses.js';

const DAY_MS = 86_400_000;

/** Documented maximum of AWBs per POST /courier/track/awbs [doc]; the seed uses the same 50. */
export const SHIPROCKET_BATCH_LIMIT = 50;

/**
 * Shiprocket as the seed system polled it. Numbers that neither Shiprocket nor the seed give (quota,
 * requests in flight, per-run cap, refresh interval) are Waybill's choices; the README justifies each.
 */
export const shiprocketDeclaration: CourierDeclaration = {
  name: 'shiprocket',
  displayName: 'Shiprocket',
  // AWBs are digits of no documented length: declared as any digits, so such a number is never given to
  // another courier alone while this one is enabled (registering it without a courier names the candidates instead).
  trackingNumberPattern: '\\d+',
  mode: 'poll',
  batchSize: SHIPROCKET_BATCH_LIMIT,
  batchLimit: SHIPROCKET_BATCH_LIMIT,
  // NOT a Shiprocket number: Shiprocket answers 429 but publishes no limit. 2 requests/s, configurable.
  quota: { requests: 120, windowSeconds: 60 },
  // Requests in flight. The seed's "50 shipment workers" were database workers, not HTTP calls.
  concurrency: 4,
  // The seed says "All"; 40,000 = 800 requests, ~6.7 min at the default quota: inside the 8-minute cron.
  schedule: { cron: '*/8 * * * *', runOnStart: true, maxPerRun: 40_000 },
  auth: {
    kind: 'login',
    path: '/auth/login',
    body: { email: 'email', password: 'password' },
    tokenField: 'token',
    header: 'Authorization',
    scheme: 'Bearer',
    // A 401 right after a fresh login means the API user itself is refused: retry the login once a minute at most.
    minRefreshIntervalMs: 60_000,
    // Tokens live 10 days [doc]; log in again a day early so no run meets the expiry midway.
    ttlMs: 9 * DAY_MS,
  },
  credentials: ['email', 'password'],
  endpoints: { baseUrl: 'https://apiv2.shiprocket.in/v1/external', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: SHIPROCKET_STATUSES,
  // The seed tracks orders booked within BUFFER_PERIOD (31) days.
  polling: { maxAgeDays: 31 },
};
