import type { Clock } from '../clock.js';
import type { CheckLogStore, RetentionStore } from './port.js';

const DAY_MS = 86_400_000;

export interface Pruned {
  /** What was older than this is gone. */
  before: Date;
  runs: number;
  apiCalls: number;
  outboxMessages: number;
}

/** Deletes finished runs with their API calls, live checks' API calls and delivered outbox messages older than `days`. */
export async function pruneOlderThan(store: RetentionStore, clock: Clock, days: number): Promise<Pruned> {
  const before = new Date(clock.now().getTime() - days * DAY_MS);
  const { runs, apiCalls } = await store.pruneRuns(before);
  return { before, runs, apiCalls, outboxMessages: await store.pruneDeliveredOutbox(before) };
}

/** Deletes the check audit log's rows older than `days` (WAYBILL_CHECK_LOG_DAYS). */
export async function pruneCheckLog(checks: CheckLogStore, clock: Clock, days: number): Promise<{ before: Date; checks: number }> {
  const before = new Date(clock.now().getTime() - days * DAY_MS);
  return { before, checks: await checks.prune(before) };
}
