import t, { type Test } from 'tap';
import { longestDelayMs } from './fleet/delays.js';
import { DEFAULT_FLEET, type FleetParams } from './fleet/fleet.js';
import { fleetStart, journeys } from './fleet/journeys.js';
import { adaptivePolicy, EVERY_8_MINUTES } from './fleet/policies.js';
import { simulate, type PolicyRun } from './fleet/simulate.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// A tiny fleet on quick journeys with many failed attempts and returns, so that every kind of story begins
// inside three virtual days (three days of 8-minute ticks are a few seconds of real engine runs).
const params: FleetParams = {
  ...DEFAULT_FLEET,
  shipments: 8,
  days: 3,
  bookingDays: 1,
  bookingHours: { from: 1, to: 4 },
  pickupAfterHours: { from: 1, to: 2 },
  firstScanAfterHours: { from: 1, to: 2 },
  transitDays: { from: 1, to: 1 },
  maxAttempts: 2,
  ndr: 0.4,
  rto: 0.25,
  seed: 7,
};
const start = fleetStart(params);
const window = { start, end: start + params.days * DAY_MS };
const fleet = journeys(params, start);

const isSubsequence = (part: readonly string[], whole: readonly string[]) => {
  let i = 0;
  for (const item of whole) if (item === part[i]) i++;
  return i === part.length;
};

/** Every change the courier made arrived (all those it had time to), none before it happened, in the courier's order. */
function assertEveryChangeArrivedInOrder(t: Test, run: PolicyRun): void {
  const countedUntil = window.end - longestDelayMs(run);
  for (const shipment of run.shipments) {
    const arrived = shipment.arrivals.filter((a) => a.changedAt <= countedUntil).map((a) => a.arrivedAt);
    t.notOk(arrived.includes(null), `${shipment.trackingNumber}: every change reached the store`);
    t.ok(shipment.arrivals.every((a) => a.arrivedAt === null || a.arrivedAt >= a.changedAt), `${shipment.trackingNumber}: none before it happened`);
    const times = shipment.arrivals.flatMap((a) => (a.arrivedAt === null ? [] : [a.arrivedAt]));
    t.same(times, [...times].sort((a, b) => a - b), `${shipment.trackingNumber}: in the courier's order`);
    t.ok(isSubsequence(shipment.history, shipment.arrivals.map((a) => a.status)), `${shipment.trackingNumber}: the history moves through the courier's statuses in order`);
  }
}

t.test('the fleet has every kind of story, from the same seed the same', async (t) => {
  const statuses = new Set(fleet.flatMap((j) => j.events.filter((e) => e.at < window.end).map((e) => e.status)));
  for (const s of ['delivered', 'delivery_failed', 'rto_initiated'] as const) t.ok(statuses.has(s), `some shipment reaches ${s} inside the window`);
  t.ok(fleet.every((j) => j.events.every((e, i) => i === 0 || e.at > j.events[i - 1]!.at)), 'scans are in time order');
  t.same(journeys(params, start), fleet, 'the same seed makes the same fleet');
});

// Both policies side by side: a run's real time is mostly the limiter's timers.
const runs = Promise.all([simulate(fleet, EVERY_8_MINUTES, window, 3), simulate(fleet, adaptivePolicy(), window, 3)]);

t.test('every 8 minutes: every change arrives in order, within 8 virtual minutes', async (t) => {
  const [run] = await runs;
  assertEveryChangeArrivedInOrder(t, run);
  for (const shipment of run.shipments) {
    const arrived = shipment.arrivals.filter((a) => a.arrivedAt !== null).map((a) => a.status);
    t.same(shipment.history, arrived, `${shipment.trackingNumber}: no change skipped`);
  }
  const delays = run.shipments.flatMap((s) => s.arrivals.flatMap((a) => (a.arrivedAt === null ? [] : [a.arrivedAt - a.changedAt])));
  // A run takes no virtual time, so the bound is the gap between two ticks.
  t.ok(Math.max(...delays) <= 8 * MINUTE_MS, `longest delay ${Math.max(...delays) / MINUTE_MS} min`);
  t.ok(run.requests >= Math.ceil(run.checks / 3), 'requests carry at most the batch size');
});

t.test('adaptive: the real engine decides each next check, and every change still arrives in order', async (t) => {
  const [fixed, run] = await runs;
  assertEveryChangeArrivedInOrder(t, run);
  t.ok(run.checks < fixed.checks / 5, `${run.checks} checks against ${fixed.checks} every 8 minutes`);
});
