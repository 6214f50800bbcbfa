import type { CourierDeclaration } from 'waybill';
import { BLUEDART_STATUSES } from './statuses.js';

/**
 * Waybills per request. Blue Dart publishes no limit and its clients join whatever list they are given;
 * the replaced system synced in batches of 10 (seed 001). Both numbers are conservative choices (README).
 */
export const BATCH_SIZE = 10;
export const BATCH_LIMIT = 25;

/**
 * Blue Dart's legacy tracking servlet: one GET for several waybills, XML or JSON, authenticated by the
 * login id and licence key Blue Dart issues, sent as query parameters on every request.
 */
export const bluedartDeclaration: CourierDeclaration = {
  name: 'bluedart',
  displayName: 'Blue Dart',
  // Blue Dart waybills are 11 digits (kept as text: a leading zero matters).
  trackingNumberPattern: '\\d{11}',
  mode: 'poll',
  batchSize: BATCH_SIZE,
  batchLimit: BATCH_LIMIT,
  // No published limit: one request every 2 s, two in flight. The replaced system called once per waybill
  // with 100 ms between calls; ten waybills per call every 2 s is half its waybill rate (README, "Limits").
  quota: { requests: 30, windowSeconds: 60 },
  concurrency: 2,
  // The replaced system synced every hour; every 30 minutes lets out-for-delivery shipments be asked on time
  // (the core asks them every 30 min, in-transit ones every 2 h). 3,000 waybills fill ten minutes of the quota.
  schedule: { cron: '*/30 * * * *', runOnStart: true, maxPerRun: 3_000 },
  auth: { kind: 'query', params: { loginid: 'login_id', lickey: 'licence_key' } },
  credentials: ['login_id', 'licence_key'],
  settings: { format: 'xml' },
  endpoints: { baseUrl: 'https://api.bluedart.com', connectTimeoutMs: 10_000, requestTimeoutMs: 20_000 },
  statuses: BLUEDART_STATUSES,
};
