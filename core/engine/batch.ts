import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { TrackRequest, TrackResult } from '../courier/adapter.js';
import type { AuthRejected } from '../courier/http-client.js';
import type { CourierRuntime } from '../courier/runtime.js';
import type { HttpCall } from '../courier/transport.js';
import type { CheckNotice } from '../effects/contract.js';
import type { EffectRouter } from '../effects/router.js';
import { attributeTo } from '../errors.js';
import { withAttention } from '../shipment/attention.js';
import { afterCheck, type CheckUpdate } from '../shipment/check.js';
import type { CanonicalStatus } from '../statuses.js';
import type { Store } from '../store/port.js';
import type { CheckOutcome, ClaimedShipment, RunCounter, RunCounts, Shipment, UpdateOutcome } from '../store/types.js';
import { BatchAudit, type CheckOrigin } from './check-audit.js';
import { evaluateFailure, evaluateResult, type Evaluation } from './evaluate.js';
import { decideFailure, type SettledAction } from './failure.js';
import { followLinks } from './links.js';
import type { CourierPauses } from './pauses.js';

export interface BatchEnv {
  store: Store;
  runtime: CourierRuntime;
  effects: EffectRouter;
  pauses: CourierPauses;
  clock: Clock;
  log: FastifyBaseLogger;
  counts: RunCounts;
  unmapped: Set<string>;
  /** The checked shipments by the canonical status they are in after their check. */
  statuses: Map<CanonicalStatus, number>;
  runId: string | null;
  /** Who or what asked for these checks (the audit log). */
  origin: CheckOrigin;
  /** Consecutive failed checks after which a shipment requires attention. */
  attentionAfterFailures: number;
  /** Hears every request a batch sent the courier (metrics). */
  reportCalls(calls: readonly HttpCall[]): void;
}

/**
 * `retry_auth`: a fresh token was obtained; call again with the same claims (once). `split`: the courier
 * refused the batch as a whole; ask again about each half. `stop`: end the run, `paused` when it stops
 * because the courier may not send now (until `pausedUntil`).
 */
export type BatchVerdict =
  | { kind: 'ok'; error?: string }
  | { kind: 'retry_auth' }
  | { kind: 'split'; halves: [ClaimedShipment[], ClaimedShipment[]] }
  | { kind: 'stop'; error: string; paused?: { until: Date } };

/** Logged when an adapter throws something other than a typed CourierError (a bug the contract kit looks for). */
export const UNTYPED_ERROR_LOG = 'adapter threw an untyped error; treated as transient';

/** The run counter each stored outcome adds to (a found result counts as updated or unchanged). */
const COUNTED: Record<Exclude<CheckOutcome, 'found'>, RunCounter> = {
  not_found: 'notFound',
  unmapped: 'unmapped',
  reference_mismatch: 'referenceMismatch',
  stopped: 'stopped',
  failed: 'failed',
};

function toRequest({ shipment }: ClaimedShipment): TrackRequest {
  return { trackingNumber: shipment.trackingNumber, orderId: shipment.orderId, reference: shipment.reference, metadata: shipment.metadata };
}

/**
 * One result per requested number: missing ones become "not found", extras are ignored. The courier's own
 * words that will be stored (why not found, why tracking ends) lose any credential or token it echoed.
 */
function alignResults(claims: readonly ClaimedShipment[], results: unknown, redact: (text: string) => string): Map<string, TrackResult> {
  const byNumber = new Map<string, TrackResult>();
  if (Array.isArray(results)) {
    for (const r of results as TrackResult[]) {
      if (!r || typeof r.trackingNumber !== 'string' || typeof r.found !== 'boolean') continue;
      if (!r.found) byNumber.set(r.trackingNumber, { ...r, reason: redact(String(r.reason)) });
      else byNumber.set(r.trackingNumber, r.stopTracking === undefined ? r : { ...r, stopTracking: redact(r.stopTracking) });
    }
  }
  for (const { shipment } of claims) {
    if (!byNumber.has(shipment.trackingNumber)) {
      byNumber.set(shipment.trackingNumber, { trackingNumber: shipment.trackingNumber, found: false, reason: 'the courier returned no result for this number' });
    }
  }
  return byNumber;
}

/** What observers should hear about one written check, and the run counts it adds to (null if the lease was lost). */
async function recordOutcome(env: BatchEnv, claim: ClaimedShipment, evaluation: Evaluation, outcome: UpdateOutcome<CheckUpdate>): Promise<CheckNotice | null> {
  const { counts, log } = env;
  const { shipment } = claim;
  if (!outcome.written) {
    counts.leaseLost += 1;
    log.warn({ courier: shipment.courier, trackingNumber: shipment.trackingNumber }, 'lease lost before the check was written; result dropped');
    return null;
  }
  const { change } = outcome.update;
  await followLinks(env, outcome.shipment, change);
  env.statuses.set(outcome.shipment.status, (env.statuses.get(outcome.shipment.status) ?? 0) + 1);
  if (evaluation.outcome === 'found') counts[change || outcome.newEvents > 0 ? 'updated' : 'unchanged'] += 1;
  else counts[COUNTED[evaluation.outcome]] += 1;
  if (evaluation.outcome === 'unmapped') {
    env.unmapped.add(evaluation.unmapped!);
    log.warn({ courier: shipment.courier, rawStatus: evaluation.unmapped }, 'unmapped courier status: stored raw, canonical status unchanged');
  }
  if (evaluation.outcome === 'reference_mismatch') {
    log.warn({ courier: shipment.courier, trackingNumber: shipment.trackingNumber }, evaluation.write.lastError ?? 'reference mismatch');
  }
  return { shipment: outcome.shipment, outcome: evaluation.outcome, checkedAt: evaluation.write.checkedAt.toISOString(), change };
}

async function notifyObservers(env: BatchEnv, notices: readonly (CheckNotice | null)[]): Promise<void> {
  const stored = notices.filter((n): n is CheckNotice => n !== null);
  if (stored.length === 0) return;
  for (const observer of env.effects.observersOf(env.runtime.definition.name)) {
    try {
      await observer.observe(stored, { log: env.log });
    } catch (error) {
      env.log.warn({ observer: observer.name, err: error }, `check observer ${observer.name} failed; the next check will carry the same facts`);
    }
  }
}

/** Writes a batch's checks under their leases with their audit rows, in one store write, then tells the observers. */
async function persistAll(env: BatchEnv, claims: readonly ClaimedShipment[], evaluate: (claim: ClaimedShipment) => Evaluation, audit: BatchAudit): Promise<void> {
  const now = env.clock.now();
  const evaluations = claims.map(evaluate);
  const { effects, attentionAfterFailures } = env;
  const outcomes = await env.store.shipments.updateMany(
    claims.map((claim, i) => ({
      shipmentId: claim.shipment.id,
      guard: { lease: claim.lease, now },
      decide: (current: Shipment) =>
        withAttention(current, afterCheck(current, evaluations[i]!.write, now, (change) => effects.forStatusChange(change)), attentionAfterFailures, (alert) => effects.forAttention(alert)),
    })),
    // The audit rows are written with the checks, so a crash cannot keep one without the other.
    (written) => audit.rowsFor(claims.map((claim, i) => ({ claim, evaluation: evaluations[i]!, outcome: written[i]! })), now),
  );
  audit.stored();
  const notices: (CheckNotice | null)[] = [];
  for (const [i, claim] of claims.entries()) notices.push(await recordOutcome(env, claim, evaluations[i]!, outcomes[i]!));
  await notifyObservers(env, notices);
}

const releaseAll = (env: BatchEnv, claims: readonly ClaimedShipment[]) =>
  env.store.shipments.releaseLeases(claims.map((c) => ({ shipmentId: c.shipment.id, lease: c.lease })));

/**
 * Ask the courier about one batch of claimed shipments and write what it said. When the call fails, the
 * decision is decideFailure's; this only carries it out. `requeued`: the batch is a retry after a token
 * refresh or a half of a refused batch (logged as a `retry` check).
 */
export async function processBatch(env: BatchEnv, claims: readonly ClaimedShipment[], isRetry: boolean, requeued = isRetry): Promise<BatchVerdict> {
  const { runtime, store, clock, log } = env;
  const calls: HttpCall[] = [];
  const http = runtime.http.observed((call) => calls.push(call));
  const audit = new BatchAudit(store.checks, requeued ? 'retry' : env.origin.trigger, env.origin.by, env.runId, calls);
  try {
    const answer = await runtime.adapter.track(claims.map(toRequest), { http, log, clock, settings: runtime.settings });
    const results = alignResults(claims, answer, (text) => http.redact(text));
    const now = clock.now();
    await persistAll(env, claims, (claim) => evaluateResult(claim.shipment, results.get(claim.shipment.trackingNumber)!, runtime, now), audit);
    return { kind: 'ok' };
  } catch (error) {
    const verdict = await settleFailure(env, claims, error, isRetry, http, audit);
    if (audit.empty) {
      const reason = 'error' in verdict && verdict.error ? verdict.error : http.redact(error instanceof Error ? error.message : String(error));
      audit.unanswered(claims, reason, clock.now());
    }
    return verdict;
  } finally {
    env.counts.requests += calls.length;
    if (calls.length > 0) {
      const at = clock.now();
      // Logged first: the daily budget is counted from this log, whatever a listener does.
      await store.apiCalls.log(calls.map((c) => ({ ...c, runId: env.runId, error: c.error ?? null, at })));
      env.reportCalls(calls);
    }
    await audit.flush();
  }
}

/** decideFailure's decision on a failed call, carried out (a token refresh first, when it asks for one). */
async function settleFailure(
  env: BatchEnv,
  claims: readonly ClaimedShipment[],
  error: unknown,
  isRetry: boolean,
  http: CourierRuntime['http'],
  audit: BatchAudit,
): Promise<BatchVerdict> {
  const { definition } = env.runtime;
  attributeTo(error, definition.name);
  const situation = { batchSize: claims.length, definition, now: env.clock.now(), retried: isRetry };
  const action = decideFailure(error, situation);
  if (action.kind !== 'refresh_token') return act(env, claims, action, error, audit);
  const refresh = await refreshToken(http, error as AuthRejected);
  if (refresh === true) return { kind: 'retry_auth' };
  return act(env, claims, decideFailure(error, { ...situation, refresh: refresh === false ? 'unavailable' : attributeTo(refresh, definition.name) }), error, audit);
}

async function act(env: BatchEnv, claims: readonly ClaimedShipment[], action: SettledAction, error: unknown, audit: BatchAudit): Promise<BatchVerdict> {
  const { definition } = env.runtime;
  switch (action.kind) {
    case 'pause':
      await env.pauses.pauseUntil(definition.name, action.until, action.reason);
      await releaseAll(env, claims);
      return { kind: 'stop', error: action.error, paused: { until: action.until } };
    case 'auth_failed':
      await releaseAll(env, claims);
      if (action.pause) await env.pauses.pauseUntil(definition.name, action.pause.until, action.pause.reason);
      return { kind: 'stop', error: action.error };
    case 'split':
      env.log.info({ courier: definition.name, batch: claims.length, reason: (error as Error).message }, 'the courier refused a batch as a whole; asking again in halves');
      return { kind: 'split', halves: [claims.slice(0, action.at), claims.slice(action.at)] };
    case 'fail': {
      if (action.untyped) env.log.error({ courier: definition.name, err: error }, UNTYPED_ERROR_LOG);
      const now = env.clock.now();
      await persistAll(env, claims, (claim) => evaluateFailure(claim.shipment, action.error, action.permanent, definition, now), audit);
      return { kind: 'ok', error: action.error };
    }
  }
}

/** true: a new token is there; false: none may be had now; an Error: the refresh itself failed. */
async function refreshToken(http: CourierRuntime['http'], error: AuthRejected): Promise<boolean | Error> {
  try {
    return await http.refreshAfter(error);
  } catch (refreshError) {
    return refreshError instanceof Error ? refreshError : new Error(String(refreshError));
  }
}
