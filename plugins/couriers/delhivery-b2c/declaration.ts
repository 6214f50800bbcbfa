import type { CourierDeclaration } from 'waybill';
import { B2C_STATUSES } from './statuses.js';

/** The seed's 50 waybills per GET (Delhivery's own page does not say); a larger batch size is refused at start. */
const WAYBILLS_PER_REQUEST = 50;

export const delhiveryB2cDeclaration: CourierDeclaration = {
  name: 'delhivery-b2c',
  displayName: 'Delhivery B2C (packages API)',
  // AWBs are digits of no documented length: declared as any digits, so such a number is never given to
  // another courier alone while this one is enabled (registering it without a courier names the candidates instead).
  trackingNumberPattern: '\\d+',
  mode: 'poll',
  batchSize: WAYBILLS_PER_REQUEST,
  batchLimit: WAYBILLS_PER_REQUEST,
  // Delhivery's limit exactly (the replaced system used 700 for headroom; the limiter is exact).
  quota: { requests: 750, windowSeconds: 300 },
  // Requests in flight. The quota allows one request every 400 ms; a 50-waybill call plus writing its
  // 50 results takes ~1–2 s, so 5 slots keep the quota rate reachable. The old "50 workers" were
  // shipment-processing goroutines, not concurrent HTTP calls.
  concurrency: 5,
  schedule: { cron: '*/8 * * * *', runOnStart: true, maxPerRun: 36_000 },
  auth: { kind: 'header', header: 'Authorization', scheme: 'Token', credential: 'token' },
  credentials: ['token'],
  endpoints: { baseUrl: 'https://track.delhivery.com', connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
  statuses: B2C_STATUSES,
  // The seed tracks orders booked in the last BUFFER_PERIOD = 31 days.
  polling: { maxAgeDays: 31 },
  referenceMatch: { suffixes: ['-C', '-C1', '-C2', '-k', '-r', '-K', '-R'] },
};
