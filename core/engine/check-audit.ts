import type { HttpCall } from '../courier/transport.js';
import type { CheckUpdate } from '../shipment/check.js';
import { SYSTEM_ACTOR, type CheckRecord, type CheckTrigger } from '../store/check-log.js';
import type { CheckLogStore } from '../store/port.js';
import type { ClaimedShipment, UpdateOutcome } from '../store/types.js';
import type { Evaluation } from './evaluate.js';

/** Who or what asked for a batch's checks (a retry of it is logged as `retry`, by the same actor). */
export interface CheckOrigin {
  trigger: CheckTrigger;
  /** The API key's name, or `system`. */
  by: string;
}

export const SCHEDULED: CheckOrigin = { trigger: 'scheduled', by: SYSTEM_ACTOR };

type CheckFacts = Omit<CheckRecord, 'trigger' | 'triggeredBy' | 'runId' | 'httpStatus' | 'responseTimeMs'>;

/**
 * What a batch's requests said: the first refusal or failure (a token refresh that follows a 401 must not
 * hide it), else the last status; and the time they took together.
 */
function callSummary(calls: readonly HttpCall[]): Pick<CheckRecord, 'httpStatus' | 'responseTimeMs'> {
  if (calls.length === 0) return { httpStatus: null, responseTimeMs: null };
  const failed = calls.find((c) => c.status === null || c.status >= 400);
  return { httpStatus: (failed ?? calls.at(-1)!).status, responseTimeMs: Math.round(calls.reduce((sum, c) => sum + c.durationMs, 0)) };
}

/**
 * The audit rows of one batch's checks. Stored checks' rows go with the checks' own write (`rowsFor`,
 * pure, for the store's `updateMany`); checks the courier did not answer are collected and flushed once
 * the batch's requests are known. `calls` is the batch's request record, filled as the requests go out.
 */
export class BatchAudit {
  readonly #facts: CheckFacts[] = [];
  #stored = false;

  constructor(
    private readonly log: CheckLogStore,
    private readonly trigger: CheckTrigger,
    private readonly by: string,
    private readonly runId: string | null,
    private readonly calls: readonly HttpCall[],
  ) {}

  /** Nothing was recorded for the batch yet. */
  get empty(): boolean {
    return !this.#stored && this.#facts.length === 0;
  }

  /** The rows of checks whose results were evaluated and written (a lost lease means one was not stored). */
  rowsFor(items: readonly { claim: ClaimedShipment; evaluation: Evaluation; outcome: UpdateOutcome<CheckUpdate> }[], at: Date): CheckRecord[] {
    const answer = callSummary(this.calls);
    return items.map(({ claim, evaluation, outcome }) => this.#record(checkedFacts(claim, evaluation, outcome, at), answer));
  }

  /** The rows `rowsFor` gave were written with their checks. */
  stored(): void {
    this.#stored = true;
  }

  /** Checks the courier did not answer for (rate limited, refused, authentication): nothing was stored. */
  unanswered(claims: readonly ClaimedShipment[], error: string, at: Date): void {
    for (const { shipment } of claims) {
      this.#facts.push({ shipmentId: shipment.id, courier: shipment.courier, trackingNumber: shipment.trackingNumber, at, success: false, error, previousStatus: shipment.status, newStatus: shipment.status, eventsAdded: 0 });
    }
  }

  async flush(): Promise<void> {
    if (this.#facts.length === 0) return;
    const answer = callSummary(this.calls);
    await this.log.record(this.#facts.splice(0).map((facts) => this.#record(facts, answer)));
  }

  #record(facts: CheckFacts, answer: ReturnType<typeof callSummary>): CheckRecord {
    return { ...facts, ...answer, trigger: this.trigger, triggeredBy: this.by, runId: this.runId };
  }
}

function checkedFacts(claim: ClaimedShipment, evaluation: Evaluation, outcome: UpdateOutcome<CheckUpdate>, at: Date): CheckFacts {
  const { shipment } = claim;
  const base = { shipmentId: shipment.id, courier: shipment.courier, trackingNumber: shipment.trackingNumber, at };
  if (!outcome.written) {
    return { ...base, success: false, error: 'the result was not stored: the lease on the shipment was lost', previousStatus: shipment.status, newStatus: shipment.status, eventsAdded: 0 };
  }
  return {
    ...base,
    success: evaluation.outcome !== 'failed',
    error: outcome.shipment.lastError,
    previousStatus: outcome.update.change?.from ?? shipment.status,
    newStatus: outcome.shipment.status,
    eventsAdded: outcome.newEvents,
  };
}
