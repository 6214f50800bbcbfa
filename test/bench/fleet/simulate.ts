import { Cron } from 'croner';
import { ManualClock, type CanonicalStatus } from 'waybill';
import { startTestApp } from '../../../core/testing/app.js';
import { FLEET_COURIER, fleetCourier, type CallCount } from './courier.js';
import { RAW_STATUS, statusChanges, type FleetStatus, type Journey } from './journeys.js';
import type { PollingPolicy } from './policies.js';

/** One status change at the courier and when the store had it (null: not by the end). */
export interface Arrival {
  status: FleetStatus;
  changedAt: number;
  arrivedAt: number | null;
}

export interface ShipmentOutcome {
  trackingNumber: string;
  /** Every status change made inside the window, in courier order. */
  arrivals: Arrival[];
  /** The statuses the store's history moved through after registration, in order. */
  history: CanonicalStatus[];
}

/** The measured window: requests, runs and status changes count from `start` to `end`. */
export interface SimulationWindow {
  start: number;
  end: number;
}

export interface PolicyRun extends CallCount {
  policy: PollingPolicy;
  runs: number;
  /** The longest time between two of the policy's cron ticks, which adds to every interval. */
  longestTickGapMs: number;
  shipments: ShipmentOutcome[];
}

/**
 * The fleet through the real engine (SQLite store, runs, batches, status table, next-check rule) in virtual
 * time: each shipment is registered when it is booked (as POST /v1/shipments does it), and at each of the
 * policy's cron ticks a scheduled run is started, as the scheduler would (a tick with nothing due is
 * skipped: its run would claim nothing). The adaptive schedule tracks every shipment from its booking, since
 * when a shipment is next due depends on its past; a memoryless policy starts at the window with the
 * shipments still in flight registered, since after its first tick it is as if it had tracked them always.
 */
export async function simulate(fleet: readonly Journey[], policy: PollingPolicy, window: SimulationWindow, batchSize: number): Promise<PolicyRun> {
  const teardown: (() => unknown)[] = [];
  try {
    const from = policy.memoryless ? window.start : Math.min(window.start, fleet[0]?.bookedAt ?? window.start);
    const tracked = policy.memoryless ? fleet.filter((j) => j.events.at(-1)!.at >= window.start) : fleet;
    const clock = new ManualClock(from);
    const courier = fleetCourier(fleet, policy, batchSize, window.start);
    const { app } = await startTestApp({ teardown: (fn) => void teardown.push(fn) }, { couriers: [courier.plugin], clock });
    const { engine, store } = app.waybill;
    const cron = new Cron(policy.cron, { timezone: 'Etc/UTC' });
    let booked = 0;
    let runs = 0;
    let longestTickGapMs = 0;
    for (let tick = cron.nextRun(new Date(from)); tick && tick.getTime() <= window.end; ) {
      for (; booked < tracked.length && tracked[booked]!.bookedAt <= tick.getTime(); booked++) {
        clock.set(Math.max(from, tracked[booked]!.bookedAt));
        await store.shipments.register([{ courier: FLEET_COURIER, trackingNumber: tracked[booked]!.trackingNumber }], clock.now());
      }
      clock.set(tick);
      if ((await store.shipments.countDue(FLEET_COURIER, tick)) > 0) {
        await engine.runToCompletion(FLEET_COURIER, 'schedule');
        if (tick.getTime() >= window.start) runs++;
      }
      const next = cron.nextRun(tick);
      if (next) longestTickGapMs = Math.max(longestTickGapMs, next.getTime() - tick.getTime());
      tick = next;
    }
    const shipments: ShipmentOutcome[] = [];
    for (const journey of tracked.slice(0, booked)) {
      const shipment = (await store.shipments.get(FLEET_COURIER, journey.trackingNumber))!;
      const stored = new Map((await store.shipments.events(shipment.id)).map((e) => [`${e.at}|${e.status}|${e.location}`, Date.parse(e.recordedAt)]));
      const arrivals = statusChanges(journey)
        .filter((e) => e.at >= window.start && e.at <= window.end)
        .map((e) => ({ status: e.status, changedAt: e.at, arrivedAt: stored.get(`${new Date(e.at).toISOString()}|${RAW_STATUS[e.status]}|${e.location}`) ?? null }));
      const history = (await store.shipments.history(shipment.id)).filter((h) => h.source === 'courier').map((h) => h.status);
      shipments.push({ trackingNumber: journey.trackingNumber, arrivals, history });
    }
    return { policy, ...courier.calls, runs, longestTickGapMs, shipments };
  } finally {
    for (const fn of teardown.reverse()) await fn();
  }
}
