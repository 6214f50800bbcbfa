import { AuthRejected } from '../courier/http-client.js';
import type { CourierDefinition } from '../courier/definition.js';
import { AuthExpired, Forbidden, LoginRefused, Permanent, RateLimited, isCourierError } from '../errors.js';

/**
 * What the engine does about a batch the courier call failed for:
 * - `pause`: the courier's limit (429) or a 403 cool-down; the batch is given back untouched and the run stops;
 * - `refresh_token`: get a fresh token once, then ask again with the same batch;
 * - `auth_failed`: the account's problem, not the shipments': give the batch back, stop the run, and pause
 *   the courier when the login itself was refused (retrying sooner could lock the account);
 * - `split`: a request refused as a whole says nothing certain about each shipment (one unknown number can
 *   poison a batch): ask again about each half, until the culprit stands alone;
 * - `fail`: record the failure on every shipment of the batch (backoff, or stop tracking when permanent).
 */
export type FailureAction =
  | { kind: 'pause'; until: Date; reason: string; error: string }
  | { kind: 'refresh_token' }
  | { kind: 'auth_failed'; error: string; pause: { until: Date; reason: string } | null }
  | { kind: 'split'; at: number }
  | { kind: 'fail'; error: string; permanent: boolean; untyped: boolean };

export interface FailureSituation {
  /** Numbers in the failed request. */
  batchSize: number;
  definition: CourierDefinition;
  now: Date;
  /** This request was already the retry after a token refresh. */
  retried: boolean;
  /** How a token refresh tried for this failure went: not tried, none allowed now, or its error. */
  refresh?: 'unavailable' | Error | undefined;
}

/** Every action but asking for a token refresh, which a decision after a refresh never asks for again. */
export type SettledAction = Exclude<FailureAction, { kind: 'refresh_token' }>;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function decideFailure(error: unknown, s: FailureSituation & { refresh: 'unavailable' | Error }): SettledAction;
export function decideFailure(error: unknown, s: FailureSituation): FailureAction;
export function decideFailure(error: unknown, s: FailureSituation): FailureAction {
  // A token endpoint that rate-limits or forbids the refresh pauses the courier like any other call.
  const cause = s.refresh instanceof Error ? s.refresh : error;
  if (cause instanceof RateLimited) {
    return { kind: 'pause', until: cause.resumeAt, reason: `rate limited (429) until ${cause.resumeAt.toISOString()}`, error: cause.message };
  }
  if (cause instanceof Forbidden) {
    const until = new Date(s.now.getTime() + s.definition.cooldowns.forbiddenMs);
    return { kind: 'pause', until, reason: `forbidden (403): cooling down until ${until.toISOString()}`, error: cause.message };
  }
  if (error instanceof AuthExpired) {
    if (s.refresh === undefined && !s.retried && error instanceof AuthRejected) return { kind: 'refresh_token' };
    const pause =
      cause instanceof LoginRefused
        ? { until: new Date(s.now.getTime() + s.definition.cooldowns.loginRefusedMs), reason: `login refused: check the credentials, then resume the courier (${cause.message})` }
        : null;
    return { kind: 'auth_failed', error: `authentication failed: ${messageOf(cause)}`, pause };
  }
  if (error instanceof Permanent && s.batchSize > 1) return { kind: 'split', at: Math.ceil(s.batchSize / 2) };
  return { kind: 'fail', error: messageOf(error), permanent: error instanceof Permanent, untyped: !isCourierError(error) };
}
