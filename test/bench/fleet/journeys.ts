import type { CanonicalStatus } from 'waybill';
import type { FleetParams, Range } from './fleet.js';
import { Random } from './random.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How the simulated courier spells each status it reports. */
export const RAW_STATUS = {
  info_received: 'Manifested',
  picked_up: 'Picked Up',
  in_transit: 'In Transit',
  out_for_delivery: 'Out for Delivery',
  delivery_failed: 'Delivery Attempted',
  delivered: 'Delivered',
  rto_initiated: 'RTO Initiated',
  rto_in_transit: 'RTO In Transit',
  rto_delivered: 'RTO Delivered',
} as const satisfies Partial<Record<CanonicalStatus, string>>;

export type FleetStatus = keyof typeof RAW_STATUS;

/** One scan at the courier; consecutive scans with the same status are hub scans, not status changes. */
export interface CourierEvent {
  at: number;
  status: FleetStatus;
  location: string;
}

/** Everything that will happen to one shipment at the courier, in time order. */
export interface Journey {
  trackingNumber: string;
  bookedAt: number;
  events: CourierEvent[];
}

/** The fleet's shipments in booking order; `start` is a local midnight (see `fleetStart`). */
export function journeys(params: FleetParams, start: number): Journey[] {
  const random = new Random(params.seed);
  const all = Array.from({ length: params.shipments }, (_, i) => journey(`FLEET-${params.seed}-${i}`, params, start, random));
  return all.sort((a, b) => a.bookedAt - b.bookedAt);
}

/** Where the measured window starts: local midnight of 2 March 2026 (a Monday) in the fleet's time zone, as a UTC instant. */
export function fleetStart(params: Pick<FleetParams, 'utcOffsetMinutes'>): number {
  return Date.UTC(2026, 2, 2) - params.utcOffsetMinutes * 60_000;
}

function journey(trackingNumber: string, p: FleetParams, start: number, random: Random): Journey {
  const hours = (range: Range) => random.between(range.from, range.to) * HOUR_MS;
  const localDay = (at: number) => Math.floor((at - start) / DAY_MS);
  const atLocalHours = (day: number, range: Range) => start + day * DAY_MS + hours(range);
  const events: CourierEvent[] = [];
  const scan = (at: number, status: FleetStatus, location: string) => events.push({ at: Math.round(at), status, location });
  /** The first scan of a leg at `at`, then hub scans until `until`. */
  const leg = (at: number, status: FleetStatus, until: number) => {
    scan(at, status, 'hub-0');
    for (let t = at + hours(p.hubScanEveryHours), hub = 1; t < until; t += hours(p.hubScanEveryHours), hub++) scan(t, status, `hub-${hub}`);
  };

  const bookedAt = atLocalHours(random.integer(-p.warmupDays, p.bookingDays - 1), p.bookingHours);
  scan(bookedAt, 'info_received', 'seller');
  const pickedUp = bookedAt + hours(p.pickupAfterHours);
  scan(pickedUp, 'picked_up', 'seller');
  const firstScan = pickedUp + hours(p.firstScanAfterHours);
  const firstAttemptDay = localDay(firstScan) + random.integer(Math.max(1, p.transitDays.from), Math.max(1, p.transitDays.to));
  leg(firstScan, 'in_transit', start + firstAttemptDay * DAY_MS + p.outForDeliveryHours.from * HOUR_MS);

  const returned = random.chance(p.rto);
  let failures = returned ? random.integer(1, p.maxAttempts) : 0;
  while (!returned && failures < p.maxAttempts - 1 && random.chance(p.ndr)) failures++;
  const attempts = returned ? failures : failures + 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const outForDelivery = atLocalHours(firstAttemptDay + attempt, p.outForDeliveryHours);
    scan(outForDelivery, 'out_for_delivery', 'destination');
    const attemptAt = outForDelivery + hours(p.attemptAfterHours);
    if (attempt < failures) scan(attemptAt, 'delivery_failed', 'destination');
    else scan(attemptAt, 'delivered', 'customer');
  }
  if (returned) {
    const initiated = events.at(-1)!.at + hours(p.rtoInitiatedAfterHours);
    scan(initiated, 'rto_initiated', 'destination');
    const leaving = initiated + hours(p.rtoInTransitAfterHours);
    const returnDay = localDay(leaving) + random.integer(Math.max(1, p.transitDays.from), Math.max(1, p.transitDays.to));
    leg(leaving, 'rto_in_transit', start + returnDay * DAY_MS + p.rtoDeliveredHours.from * HOUR_MS);
    scan(atLocalHours(returnDay, p.rtoDeliveredHours), 'rto_delivered', 'seller');
  }
  return { trackingNumber, bookedAt: Math.round(bookedAt), events };
}

/** The scans that change the canonical status (the first, the booking, is the status a shipment is registered with). */
export function statusChanges(journey: Journey): CourierEvent[] {
  return journey.events.filter((e, i, all) => i > 0 && e.status !== all[i - 1]!.status);
}
