import type { CourierDeclaration } from 'waybill';
import { FALLBACK_STATUSES } from './statuses.js';

export const delhiveryFallbackDeclaration: CourierDeclaration = {
  name: 'delhivery-fallback',
  displayName: 'Delhivery fallback (public unified tracking, one AWB per call)',
  // AWBs are digits of no documented length: declared as any digits, so such a number is never given to
  // another courier alone while this one is enabled (registering it without a courier names the candidates instead).
  trackingNumberPattern: '\\d+',
  mode: 'poll',
  // One waybill per GET (`?wbn=`, seed): a larger batch size is refused at start.
  batchSize: 1,
  batchLimit: 1,
  // No documented quota: this restates the seed's pacing (3 workers, 5 s between one worker's calls).
  quota: { requests: 3, windowSeconds: 5 },
  concurrency: 3,
  spacingMs: 5_000,
  // The seed's "All" needs a number here: 3 calls per 5 s fill exactly the 2 hours between runs.
  schedule: { cron: '0 */2 * * *', runOnStart: true, maxPerRun: 4_320 },
  // The public endpoint is keyless; it checks Origin/Referer instead (see settings and README).
  auth: { kind: 'none' },
  credentials: [],
  settings: {
    track_path: '/v3/unified-tracking-new',
    origin: 'https://www.delhivery.com',
    referer: 'https://www.delhivery.com/',
  },
  endpoints: { baseUrl: 'https://dlv-api.delhivery.com', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: FALLBACK_STATUSES,
  polling: { maxAgeDays: 31 },
};
