import { defineCourier, type CourierPlugin, type FoundResult, type StatusTable, type TrackResult } from 'waybill';
import { RAW_STATUS, type CourierEvent, type Journey } from './journeys.js';
import type { PollingPolicy } from './policies.js';

export const FLEET_COURIER = 'fleet';

/** What the simulated courier was asked from `countFrom` on: requests and the shipment checks they carried. */
export interface CallCount {
  requests: number;
  checks: number;
}

const STATUS_TABLE: StatusTable = Object.entries(RAW_STATUS).map(([to, status]) => ({ status, to: to as keyof typeof RAW_STATUS }));

const iso = (ms: number) => new Date(ms).toISOString();
const raw = (e: CourierEvent) => ({ at: iso(e.at), status: RAW_STATUS[e.status], location: e.location });

/**
 * An in-process courier, written against the public plugin API, that answers each number with what has
 * happened to its journey by the engine's clock: every scan so far, the latest as the current status.
 * The quota is opened up: in virtual time a run takes no
 * time, and at these volumes the declared quota would never bind, it would only cost real time.
 */
export function fleetCourier(fleet: readonly Journey[], policy: PollingPolicy, batchSize: number, countFrom: number): { plugin: CourierPlugin; calls: CallCount } {
  const byNumber = new Map(fleet.map((j) => [j.trackingNumber, j]));
  const calls: CallCount = { requests: 0, checks: 0 };
  const answer = (trackingNumber: string, now: number): TrackResult => {
    const seen = byNumber.get(trackingNumber)?.events.filter((e) => e.at <= now) ?? [];
    const latest = seen.at(-1);
    if (!latest) return { trackingNumber, found: false, reason: 'not booked yet' };
    const found: FoundResult = { trackingNumber, found: true, ...raw(latest), statusAt: iso(latest.at), events: seen.map(raw) };
    return found;
  };
  const plugin = defineCourier(
    {
      name: FLEET_COURIER,
      displayName: 'Simulated fleet',
      batchSize,
      batchLimit: batchSize,
      quota: { requests: 1_000_000, windowSeconds: 1 },
      concurrency: 2,
      schedule: { cron: policy.cron, runOnStart: false, maxPerRun: 1_000_000 },
      auth: { kind: 'none' },
      endpoints: { baseUrl: 'http://fleet.invalid' },
      statuses: STATUS_TABLE,
      polling: { intervals: policy.intervals },
    },
    {
      async track(batch, ctx) {
        const now = ctx.clock.now().getTime();
        if (now >= countFrom) {
          calls.requests++;
          calls.checks += batch.length;
        }
        return batch.map((request) => answer(request.trackingNumber, now));
      },
    },
  );
  return { plugin, calls };
}
