import { STATUS_INFO, isTerminal, type CanonicalStatus } from 'waybill';
import type { FleetStatus } from './journeys.js';
import type { PolicyRun } from './simulate.js';

const MINUTE_MS = 60_000;

/** The statuses a customer and a shop act on: the parcel is coming today, it came, it did not. */
export const STATUSES_THAT_MATTER = ['out_for_delivery', 'delivered', 'delivery_failed'] as const satisfies readonly FleetStatus[];

export type DelayKey = (typeof STATUSES_THAT_MATTER)[number] | 'overall';

/** Minutes from a status change at the courier to its arrival in the store. */
export interface DelaySummary {
  changes: number;
  medianMinutes: number;
  p95Minutes: number;
}

/** The longest a policy may leave a change unseen: its longest interval plus the longest gap between its runs. */
export function longestDelayMs(run: Pick<PolicyRun, 'policy' | 'longestTickGapMs'>): number {
  const moving = (Object.keys(STATUS_INFO) as CanonicalStatus[]).filter((s) => !isTerminal(s));
  const longest = Math.max(...moving.map((s) => run.policy.intervals[s] ?? STATUS_INFO[s].pollMinutes ?? 0));
  return longest * MINUTE_MS + run.longestTickGapMs;
}

/**
 * Delays of the changes made up to `countedUntil`, per status that matters and overall. Every such change
 * must have arrived: `countedUntil` leaves each policy its longest delay before the end.
 */
export function delays(run: PolicyRun, countedUntil: number): Record<DelayKey, DelaySummary> {
  const counted = run.shipments.flatMap((s) => s.arrivals).filter((a) => a.changedAt <= countedUntil);
  const missing = counted.filter((a) => a.arrivedAt === null).length;
  if (missing > 0) throw new Error(`${run.policy.name}: ${missing} status changes never reached the store`);
  const summary = (status: FleetStatus | null): DelaySummary => {
    const minutes = counted.filter((a) => status === null || a.status === status).map((a) => (a.arrivedAt! - a.changedAt) / MINUTE_MS);
    return { changes: minutes.length, medianMinutes: percentile(minutes, 50), p95Minutes: percentile(minutes, 95) };
  };
  return {
    out_for_delivery: summary('out_for_delivery'),
    delivered: summary('delivered'),
    delivery_failed: summary('delivery_failed'),
    overall: summary(null),
  };
}

/** Nearest-rank percentile; NaN for no samples. */
function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
