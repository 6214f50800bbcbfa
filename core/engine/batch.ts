import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { TrackRequest, TrackResult } from '../courier/adapter.js';
import { AuthRejected } from '../courier/http-client.js';
import type { CourierRuntime } from '../courier/runtime.js';
import type { HttpCall } from '../courier/transport.js';
import type { CheckNotice, StatusChange } from '../effects/contract.js';
import type { EffectRouter } from '../effects/router.js';
import { AuthExpired, Forbidden, LoginRefused, Permanent, RateLimited, isCourierError } from '../errors.js';
import type { Store } from '../store/port.js';
import type { ClaimedShipment, RunCounts, Shipment, Transition } from '../store/types.js';
import { evaluateFailure, evaluateResult, type Evaluation } from './evaluate.js';
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
  runId: string | null;
}

/**
 * `retry_auth`: a fresh token was obtained; call again with the same claims (once). `split`: the courier
 * refused the batch as a whole; ask again about each half. `stop`: end the run.
 */
export type BatchVerdict =
  | { kind: 'ok'; error?: string }
  | { kind: 'retry_auth' }
  | { kind: 'split'; halves: [ClaimedShipment[], ClaimedShipment[]] }
  | { kind: 'stop'; error: string };

/** Logged when an adapter throws something other than a typed CourierError (a bug the contract kit looks for). */
export const UNTYPED_ERROR_LOG = 'adapter threw an untyped error; treated as transient';

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

function statusChange(shipment: Shipment, transition: Transition): StatusChange {
  return {
    type: 'shipment.status_changed',
    shipmentId: shipment.id,
    courier: shipment.courier,
    trackingNumber: shipment.trackingNumber,
    orderId: shipment.orderId,
    reference: shipment.reference,
    metadata: shipment.metadata,
    from: shipment.status,
    to: transition.status,
    substatus: transition.substatus,
    rawStatus: transition.rawStatus,
    at: transition.at.toISOString(),
    source: 'courier',
    updatedBy: null,
  };
}

/** Write one check under its lease; returns what observers should hear about it (null if the lease was lost). */
async function persist(env: BatchEnv, claim: ClaimedShipment, evaluation: Evaluation): Promise<CheckNotice | null> {
  const { store, counts, clock } = env;
  const change = evaluation.transition ? statusChange(claim.shipment, evaluation.transition) : null;
  const write = change ? { ...evaluation.write, outbox: env.effects.forStatusChange(change) } : evaluation.write;
  const applied = await store.applyCheck(claim.shipment.id, claim.lease, write, clock.now());
  if (!applied.applied) {
    counts.leaseLost += 1;
    env.log.warn({ courier: claim.shipment.courier, trackingNumber: claim.shipment.trackingNumber }, 'lease lost before the check was written; result dropped');
    return null;
  }
  switch (evaluation.outcome) {
    case 'found':
      if (applied.transitioned || applied.newEvents > 0) counts.updated += 1;
      else counts.unchanged += 1;
      break;
    case 'unmapped':
      counts.unmapped += 1;
      env.unmapped.add(evaluation.unmapped!);
      env.log.warn({ courier: claim.shipment.courier, rawStatus: evaluation.unmapped }, 'unmapped courier status: stored raw, canonical status unchanged');
      break;
    case 'not_found':
      counts.notFound += 1;
      break;
    case 'stopped':
      counts.stopped += 1;
      break;
    case 'reference_mismatch':
      counts.referenceMismatch += 1;
      env.log.warn({ courier: claim.shipment.courier, trackingNumber: claim.shipment.trackingNumber }, evaluation.write.lastError ?? 'reference mismatch');
      break;
    case 'failed':
      counts.failed += 1;
      break;
  }
  return {
    shipment: applied.shipment,
    outcome: evaluation.outcome,
    checkedAt: write.checkedAt.toISOString(),
    change: applied.transitioned ? change : null,
  };
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

async function failAll(env: BatchEnv, claims: readonly ClaimedShipment[], message: string, permanent: boolean): Promise<void> {
  const now = env.clock.now();
  const notices: (CheckNotice | null)[] = [];
  for (const claim of claims) {
    notices.push(await persist(env, claim, evaluateFailure(claim.shipment, message, permanent, env.runtime.definition, now)));
  }
  await notifyObservers(env, notices);
}

/**
 * Ask the courier about one batch of claimed shipments and write what it said. Typed courier errors
 * become pauses, cool-downs, one token refresh, backoff, or a permanent mark, as the contract says.
 */
export async function processBatch(env: BatchEnv, claims: readonly ClaimedShipment[], isRetry: boolean): Promise<BatchVerdict> {
  const { runtime, store, clock, log } = env;
  const { definition } = runtime;
  const calls: HttpCall[] = [];
  const http = runtime.http.observed((call) => calls.push(call));
  try {
    const results = alignResults(
      claims,
      await runtime.adapter.track(claims.map(toRequest), { http, log, clock, settings: runtime.settings }),
      (text) => http.redact(text),
    );
    const now = clock.now();
    const notices: (CheckNotice | null)[] = [];
    for (const claim of claims) {
      notices.push(await persist(env, claim, evaluateResult(claim.shipment, results.get(claim.shipment.trackingNumber)!, runtime, now)));
    }
    await notifyObservers(env, notices);
    return { kind: 'ok' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const paused = await pauseForCourierLimit(env, claims, error);
    if (paused) return paused;
    if (error instanceof AuthExpired) {
      const refresh = !isRetry && error instanceof AuthRejected ? await refreshToken(http, error) : null;
      if (refresh === true) return { kind: 'retry_auth' };
      // A token endpoint that rate-limits or forbids the refresh pauses the courier like any other call.
      const refreshPaused = refresh instanceof Error ? await pauseForCourierLimit(env, claims, refresh) : null;
      if (refreshPaused) return refreshPaused;
      // Authentication is the courier account's problem, not the shipments': give them back untouched.
      await store.releaseLeases(claims.map((c) => ({ shipmentId: c.shipment.id, lease: c.lease })));
      const cause = refresh instanceof Error ? refresh : error;
      if (cause instanceof LoginRefused) {
        const until = new Date(clock.now().getTime() + definition.cooldowns.loginRefusedMs);
        await env.pauses.pauseUntil(definition.name, until, `login refused: check the credentials, then resume the courier (${cause.message})`);
      }
      return { kind: 'stop', error: `authentication failed: ${cause.message}` };
    }
    if (error instanceof Permanent && claims.length > 1) {
      // A refusal of the whole request says nothing certain about each shipment (one unknown number can
      // poison a batch): halve it until the culprit stands alone, so the others are still answered.
      const middle = Math.ceil(claims.length / 2);
      log.info({ courier: definition.name, batch: claims.length, reason: message }, 'the courier refused a batch as a whole; asking again in halves');
      return { kind: 'split', halves: [claims.slice(0, middle), claims.slice(middle)] };
    }
    if (!isCourierError(error)) log.error({ err: error, courier: definition.name }, UNTYPED_ERROR_LOG);
    await failAll(env, claims, message, error instanceof Permanent);
    return { kind: 'ok', error: message };
  } finally {
    env.counts.requests += calls.length;
    if (calls.length > 0) {
      const at = clock.now();
      await store.logApiCalls(calls.map((c) => ({ ...c, runId: env.runId, error: c.error ?? null, at })));
    }
  }
}

/** A 429 pauses the courier until its resume time, a 403 cools it down; the batch is given back untouched. */
async function pauseForCourierLimit(env: BatchEnv, claims: readonly ClaimedShipment[], error: unknown): Promise<BatchVerdict | null> {
  const { definition } = env.runtime;
  let until: Date;
  let reason: string;
  if (error instanceof RateLimited) {
    until = error.resumeAt;
    reason = `rate limited (429) until ${until.toISOString()}`;
  } else if (error instanceof Forbidden) {
    until = new Date(env.clock.now().getTime() + definition.cooldowns.forbiddenMs);
    reason = `forbidden (403): cooling down until ${until.toISOString()}`;
  } else {
    return null;
  }
  await env.pauses.pauseUntil(definition.name, until, reason);
  await env.store.releaseLeases(claims.map((c) => ({ shipmentId: c.shipment.id, lease: c.lease })));
  return { kind: 'stop', error: error.message };
}

/** true: a new token is there; false: none may be had now; an Error: the refresh itself failed. */
async function refreshToken(http: CourierRuntime['http'], error: AuthRejected): Promise<boolean | Error> {
  try {
    return await http.refreshAfter(error);
  } catch (refreshError) {
    return refreshError instanceof Error ? refreshError : new Error(String(refreshError));
  }
}
