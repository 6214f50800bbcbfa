import type { CourierDeclaration } from 'waybill';
import { B2B_STATUSES } from './statuses.js';

export const delhiveryB2bDeclaration: CourierDeclaration = {
  name: 'delhivery-b2b',
  displayName: 'Delhivery B2B / LTL (LR tracking)',
  // LR numbers are digits of no documented length: declared as any digits, so such a number is never given to
  // another courier alone while this one is enabled (registering it without a courier names the candidates instead).
  trackingNumberPattern: '\\d+',
  mode: 'poll',
  // One LR number per GET: the track endpoint has no batch parameter.
  batchSize: 1,
  batchLimit: 1,
  // Delhivery's documented 500 requests / 5 min / IP, exactly (the replaced system used 480).
  quota: { requests: 500, windowSeconds: 300 },
  concurrency: 3,
  schedule: { cron: '*/8 * * * *', runOnStart: true, maxPerRun: 480 },
  auth: {
    kind: 'login',
    path: '/ums/login',
    body: { username: 'username', password: 'password' },
    // Not documented: two independent integrations read the JWT at data.jwt first (see README).
    tokenField: 'data.jwt',
    header: 'Authorization',
    scheme: 'Bearer',
    minRefreshIntervalMs: 30_000,
    ttlMs: 24 * 3_600_000,
  },
  credentials: ['username', 'password'],
  endpoints: { baseUrl: 'https://ltl-clients-api.delhivery.com', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: B2B_STATUSES,
  polling: { maxAgeDays: 31 },
};
