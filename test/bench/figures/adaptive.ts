import { ratioOf, round, stats, type BenchOptions, type Figure, type FigureModule, type Stats } from '../figure.js';
import { comparePolicies, DELHIVERY_BATCH_SIZE, type PolicyResult } from '../fleet/compare.js';
import { STATUSES_THAT_MATTER, type DelayKey } from '../fleet/delays.js';
import { DEFAULT_FLEET } from '../fleet/fleet.js';
import { adaptivePolicy, EVERY_8_MINUTES, HOURLY } from '../fleet/policies.js';

/**
 * Checking every shipment every 8 minutes through the real engine costs ~180 checks per shipment in flight
 * per virtual day, so the figure measures one day of a fleet in service (booked at a steady rate for the
 * 8 days before, so that the day opens on shipments at every stage) rather than ten days from an empty
 * store. `npm run fleet-sim` runs any fleet for as long as you like.
 */
const SIZES = {
  full: { shipments: 450, days: 1, warmupDays: 8, bookingDays: 1 },
  quick: { shipments: 180, days: 1, warmupDays: 8, bookingDays: 1 },
} as const;

const POLICIES = [adaptivePolicy(), EVERY_8_MINUTES, HOURLY];

type Round = Record<string, PolicyResult>;

async function measure(options: BenchOptions): Promise<Figure> {
  const size = options.quick ? SIZES.quick : SIZES.full;
  const seeds = Array.from({ length: options.repetitions }, (_, i) => i + 1);
  // Virtual time has no noise to share, so the seeds run side by side rather than interleaved.
  const rounds: Round[] = await Promise.all(
    seeds.map(async (seed) => {
      const results = await comparePolicies({ ...DEFAULT_FLEET, ...size, seed }, POLICIES);
      options.log(`adaptive, seed ${seed}: ${results.map((r) => `${r.policy} ${r.requests} requests / ${r.checks} checks`).join(', ')}`);
      return Object.fromEntries(results.map((r) => [r.policy, r]));
    }),
  );
  const of = (policy: string, value: (r: PolicyResult) => number): Stats => stats(rounds.map((r) => value(r[policy]!)));
  const ours = of('adaptive', (r) => r.requests);
  const theirs = of(EVERY_8_MINUTES.name, (r) => r.requests);
  const ratio = ratioOf(ours, theirs, 'lower');
  const delays = Object.fromEntries(POLICIES.map((p) => [p.name, delayStats(p.name, of)]));
  const slower = STATUSES_THAT_MATTER.filter((s) => delays.adaptive![s].median.median > delays[EVERY_8_MINUTES.name]![s].median.median);
  return {
    key: 'adaptive',
    title: 'Adaptive polling against fixed intervals (virtual time)',
    unit: 'courier requests',
    comparison: `every shipment every 8 minutes (the replaced system), same fleet and engine; also hourly (the Blue Dart cache)`,
    better: 'lower',
    ours,
    theirs,
    ratio,
    goal: '≥ 5× fewer requests than every 8 minutes at no worse median delay for out_for_delivery, delivered, delivery_failed',
    met: ratio >= 5 && slower.length === 0,
    repetitions: options.repetitions,
    fleet: { ...size, bookedPerDay: size.shipments / (size.warmupDays + size.bookingDays), batchSize: DELHIVERY_BATCH_SIZE, ndr: DEFAULT_FLEET.ndr, rto: DEFAULT_FLEET.rto, transitDays: DEFAULT_FLEET.transitDays },
    checks: Object.fromEntries(POLICIES.map((p) => [p.name, of(p.name, (r) => r.checks)])),
    checksRatio: ratioOf(of('adaptive', (r) => r.checks), of(EVERY_8_MINUTES.name, (r) => r.checks), 'lower'),
    hourly: { requests: of(HOURLY.name, (r) => r.requests), checks: of(HOURLY.name, (r) => r.checks) },
    delayMinutes: delays,
    slowerThanEvery8Minutes: Object.fromEntries(slower.map((s) => [s, round(delays.adaptive![s].median.median - delays[EVERY_8_MINUTES.name]![s].median.median)])),
    adaptiveIntervals: adaptivePolicy().intervals,
  };
}

/** Per status: the median and p95 delay of each round, summarised over the rounds (minutes). */
function delayStats(policy: string, of: (policy: string, value: (r: PolicyResult) => number) => Stats): Record<DelayKey, { median: Stats; p95: Stats }> {
  const keys: DelayKey[] = [...STATUSES_THAT_MATTER, 'overall'];
  return Object.fromEntries(keys.map((k) => [k, { median: of(policy, (r) => r.delays[k].medianMinutes), p95: of(policy, (r) => r.delays[k].p95Minutes) }])) as Record<DelayKey, { median: Stats; p95: Stats }>;
}

export const adaptiveFigure: FigureModule = { key: 'adaptive', title: 'Adaptive polling against fixed intervals (virtual time)', measure };

export default adaptiveFigure;
