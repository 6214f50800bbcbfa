import type { CourierDeclaration } from 'waybill';
import { SANDBOX_STATUSES } from './statuses.js';

/** Short intervals so a newcomer sees shipments move within a minute. */
const DEMO_MINUTES = 0.1;

export const sandboxDeclaration: CourierDeclaration = {
  name: 'sandbox',
  displayName: 'Sandbox courier (local simulator)',
  trackingNumberPattern: 'SBX-[A-Za-z0-9_.-]+',
  // Polled for the stories it is asked about; the last-mile deliveries made at it (SBX-PUSH-…) arrive by webhook.
  mode: 'both',
  batchSize: 20,
  batchLimit: 20,
  quota: { requests: 120, windowSeconds: 60 },
  concurrency: 2,
  schedule: { cron: '*/10 * * * * *', runOnStart: true, maxPerRun: 1000 },
  auth: { kind: 'oauth2', tokenPath: '/oauth/token', clientIdCredential: 'client_id', clientSecretCredential: 'client_secret', minRefreshIntervalMs: 5_000 },
  credentials: ['client_id', 'client_secret'],
  webhook: { credentials: ['webhook_secret'] },
  // How often the local simulator sends a step or a driver position of its pushed deliveries.
  settings: { push_every_ms: '10000' },
  endpoints: { baseUrl: 'http://127.0.0.1:4010', requestTimeoutMs: 5_000, connectTimeoutMs: 2_000 },
  statuses: SANDBOX_STATUSES,
  polling: {
    intervals: Object.fromEntries(
      ['info_received', 'pending_pickup', 'driver_assigned', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'exception', 'unknown', 'rto_initiated', 'rto_in_transit', 'available_for_pickup'].map((s) => [s, DEMO_MINUTES]),
    ),
    maxAgeDays: 30,
    failureBackoffBaseSeconds: 5,
    failureBackoffMaxMinutes: 5,
  },
};
