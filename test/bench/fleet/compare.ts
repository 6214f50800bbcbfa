import type { FleetParams } from './fleet.js';
import { fleetStart, journeys } from './journeys.js';
import { delays, longestDelayMs, type DelayKey, type DelaySummary } from './delays.js';
import type { PollingPolicy } from './policies.js';
import { simulate } from './simulate.js';

const DAY_MS = 86_400_000;

/** Numbers per request, as Delhivery B2C sends them. */
export const DELHIVERY_BATCH_SIZE = 50;

export interface PolicyResult {
  policy: string;
  requests: number;
  checks: number;
  runs: number;
  delays: Record<DelayKey, DelaySummary>;
}

/**
 * One fleet (one seed) under each policy, asking the courier `batchSize` numbers per request. Delays
 * count the changes every policy had time to see: those made before the end less the longest delay any
 * of them allows, so all policies are judged on the same changes.
 */
export async function comparePolicies(params: FleetParams, policies: readonly PollingPolicy[], batchSize = DELHIVERY_BATCH_SIZE): Promise<PolicyResult[]> {
  const start = fleetStart(params);
  const window = { start, end: start + params.days * DAY_MS };
  const fleet = journeys(params, start);
  // Side by side: a run spends most of its real time waiting on the limiter's timers, not computing.
  const runs = await Promise.all(policies.map((policy) => simulate(fleet, policy, window, batchSize)));
  const countedUntil = window.end - Math.max(...runs.map(longestDelayMs));
  return runs.map((run) => ({ policy: run.policy.name, requests: run.requests, checks: run.checks, runs: run.runs, delays: delays(run, countedUntil) }));
}
