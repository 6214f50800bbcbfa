/**
 * What a fleet looks like: how long shipments take and how often they fail or come back. The defaults are
 * ASSUMPTIONS, not measurements: they follow figures commonly quoted for Indian e-commerce parcels
 * (courier and aggregator write-ups, industry reports): 2–5 days from pickup to the first delivery
 * attempt, out for delivery in the morning and attempted during the day, about 5–10 % of first attempts
 * failing (NDR) and re-attempted the next day, a few % returned to origin (RTO; cash-on-delivery fleets see
 * far more). Replace them with your own fleet's numbers (`npm run fleet-sim -- --help`).
 */
export interface FleetParams {
  shipments: number;
  /** Virtual days measured. */
  days: number;
  /**
   * Bookings start this many days before the measured window, so that it opens on a fleet in flight, as a
   * tracker in service sees it (0: it opens on an empty store).
   */
  warmupDays: number;
  /** Bookings go on over the first this many days of the window (so most finish inside it when few). */
  bookingDays: number;
  /** Local hours (0–24, decimal) in which shipments are booked. */
  bookingHours: Range;
  pickupAfterHours: Range;
  /** From pickup to the first scan at the origin hub. */
  firstScanAfterHours: Range;
  /** Whole days from the first hub scan to the morning of the first delivery attempt, uniform. */
  transitDays: Range;
  hubScanEveryHours: Range;
  /** Local hours in which the out-for-delivery scan happens. */
  outForDeliveryHours: Range;
  /** From the out-for-delivery scan to the attempt, delivered or failed. */
  attemptAfterHours: Range;
  /** Chance that one attempt at a shipment that ends delivered fails (NDR); a failed attempt is retried the next morning. */
  ndr: number;
  /** Share of shipments returned to origin (RTO), after 1 to `maxAttempts` failed attempts. */
  rto: number;
  /** Attempts at most: a shipment that ends delivered is delivered at this attempt at the latest. */
  maxAttempts: number;
  /** From the last failed attempt of a returned shipment to `rto_initiated`, then to `rto_in_transit`. */
  rtoInitiatedAfterHours: Range;
  rtoInTransitAfterHours: Range;
  /** Local hours in which a return is delivered to the seller. */
  rtoDeliveredHours: Range;
  /** The fleet's local time as minutes east of UTC (India: +330). */
  utcOffsetMinutes: number;
  seed: number;
}

export interface Range {
  from: number;
  to: number;
}

export const DEFAULT_FLEET: FleetParams = {
  shipments: 1000,
  days: 10,
  warmupDays: 0,
  bookingDays: 5,
  bookingHours: { from: 9, to: 21 },
  pickupAfterHours: { from: 2, to: 24 },
  firstScanAfterHours: { from: 2, to: 6 },
  transitDays: { from: 2, to: 5 },
  hubScanEveryHours: { from: 6, to: 14 },
  outForDeliveryHours: { from: 7.5, to: 10.5 },
  attemptAfterHours: { from: 1, to: 8 },
  ndr: 0.08,
  rto: 0.03,
  maxAttempts: 3,
  rtoInitiatedAfterHours: { from: 2, to: 12 },
  rtoInTransitAfterHours: { from: 6, to: 24 },
  rtoDeliveredHours: { from: 10, to: 18 },
  utcOffsetMinutes: 330,
  seed: 1,
};
