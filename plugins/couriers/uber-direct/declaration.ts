import type { CourierDeclaration } from 'waybill';
import { UBER_DIRECT_STATUSES } from './statuses.js';

export const TOKEN_PATH = '/oauth/v2/token';
/** The variable naming the Uber organization every delivery path is under (see README "Configuration"). */
export const CUSTOMER_ID_VARIABLE = 'WAYBILL_COURIER_UBER_DIRECT_CUSTOMER_ID';

/** `GET /v1/customers/{customer_id}/deliveries/{delivery_id}`, the one tracking call. */
export const deliveryPath = (customerId: string, deliveryId: string) => `/v1/customers/${encodeURIComponent(customerId)}/deliveries/${encodeURIComponent(deliveryId)}`;

/**
 * Uber Direct: deliveries are heard by signed webhooks (push); polling Get Delivery, one delivery per
 * request, only repairs a missed webhook, so it runs rarely and within a conservative budget.
 */
export const uberDirectDeclaration: CourierDeclaration = {
  name: 'uber-direct',
  displayName: 'Uber Direct',
  // The delivery ids a shop creates start with `del_` (this plugin's README).
  trackingNumberPattern: 'del_[A-Za-z0-9_-]+',
  mode: 'both',
  batchSize: 1,
  batchLimit: 1,
  // Uber publishes no production limit ("limits differ across endpoints"; 429 customer_limited). Its
  // sandbox allows 200 requests per 10 minutes: never more than that.
  quota: { requests: 200, windowSeconds: 600 },
  concurrency: 2,
  schedule: { cron: '*/15 * * * *', runOnStart: true, maxPerRun: 200 },
  auth: {
    kind: 'oauth2',
    tokenPath: TOKEN_PATH,
    clientIdCredential: 'client_id',
    clientSecretCredential: 'client_secret',
    scope: 'eats.deliveries',
    // Uber rate-limits client-credential tokens to 100 an hour (and new ones may retire old ones).
    minRefreshIntervalMs: 60_000,
  },
  credentials: ['client_id', 'client_secret'],
  webhook: { credentials: ['webhook_signing_key'] },
  // Not a credential only because an adapter sees settings, not credentials (README "Configuration").
  settings: { customer_id: '' },
  endpoints: { baseUrl: 'https://api.uber.com', authUrl: 'https://auth.uber.com', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: UBER_DIRECT_STATUSES,
  polling: {
    // Webhooks carry the news; a check only catches one that never came, so 15 minutes (one cron tick) is soon enough.
    intervals: { info_received: 15, pending_pickup: 60, driver_assigned: 15, picked_up: 15, out_for_delivery: 15, rto_in_transit: 30 },
    // Deliveries may be scheduled up to 30 days ahead.
    maxAgeDays: 31,
  },
};
