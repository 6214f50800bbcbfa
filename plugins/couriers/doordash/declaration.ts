import type { CourierDeclaration } from 'waybill';
import { DOORDASH_STATUSES } from './statuses.js';
import { WEBHOOK_CREDENTIAL } from './webhook.js';

/**
 * Minutes between repair polls per status. A webhook counts as a check, so a delivery is polled only after
 * this long without one: a last-mile delivery takes about an hour, a lost webhook should not cost more.
 */
const QUIET_MINUTES = { info_received: 30, pending_pickup: 15, driver_assigned: 10, picked_up: 10, out_for_delivery: 10, rto_initiated: 15, rto_in_transit: 15, exception: 30, unknown: 30 };

export const doordashDeclaration: CourierDeclaration = {
  name: 'doordash',
  displayName: 'DoorDash Drive',
  // Webhooks carry the delivery; polling (once its credentials are set) repairs the webhooks that never came.
  mode: 'both',
  // Get Delivery answers one delivery per request.
  batchSize: 1,
  batchLimit: 1,
  // DoorDash publishes no rate limit (COURIER-APIS §9: NOT FOUND): one request a second, two in flight.
  quota: { requests: 60, windowSeconds: 60 },
  concurrency: 2,
  schedule: { cron: '*/5 * * * *', runOnStart: true, maxPerRun: 300 },
  auth: {
    kind: 'jwt',
    issuerCredential: 'developer_id',
    keyIdCredential: 'key_id',
    secretCredential: 'signing_secret',
    secretEncoding: 'base64url',
    audience: 'doordash',
    // Below the 30 minutes DoorDash allows, should it measure them from its own clock rather than from iat.
    lifetimeSeconds: 1500,
    header: { 'dd-ver': 'DD-JWT-V1' },
    // A new token costs nothing, but a 401 right after one means the key itself is refused: no second try.
    minRefreshIntervalMs: 30_000,
  },
  credentials: ['developer_id', 'key_id', 'signing_secret'],
  webhook: { credentials: [WEBHOOK_CREDENTIAL] },
  endpoints: { baseUrl: 'https://openapi.doordash.com', connectTimeoutMs: 5_000, requestTimeoutMs: 15_000 },
  statuses: DOORDASH_STATUSES,
  // A same-day delivery still open after a week will not move again: it is expired, not polled for ever.
  polling: { intervals: QUIET_MINUTES, maxAgeDays: 7, failureBackoffBaseSeconds: 60, failureBackoffMaxMinutes: 30 },
};
