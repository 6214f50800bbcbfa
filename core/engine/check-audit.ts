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

/** Collects the audit rows of one batch's checks and writes them in one insert once its requests are known. */
export class BatchAudit {
  readonly #facts: CheckFacts[] = [];

  constructor(
    private readonly log: CheckLogStore,
    private readonly trigger: CheckTrigger,
    private readonly by: string,
    private readonly runId: string | null,
  ) {}

  get empty(): boolean {
    return this.#facts.length === 0;
  }

  /** A check whose result was evaluated; a lost lease means it was not stored. */
  checked(claim: ClaimedShipment, evaluation: Evaluation, outcome: UpdateOutcome<CheckUpdate>, at: Date): void {
    const { shipment } = claim;
    const base = { shipmentId: shipment.id, courier: shipment.courier, trackingNumber: shipment.trackingNumber, at };
    if (!outcome.written) {
      this.#facts.push({ ...base, success: false, error: 'the result was not stored: the lease on the shipment was lost', previousStatus: shipment.status, newStatus: shipment.status, eventsAdded: 0 });
      return;
    }
    this.#facts.push({
      ...base,
      success: evaluation.outcome !== 'failed',
      error: outcome.shipment.lastError,
      previousStatus: outcome.update.change?.from ?? shipment.status,
      newStatus: outcome.shipment.status,
      eventsAdded: outcome.newEvents,
    });
  }

  /** Checks the courier did not answer for (rate limited, refused, authentication): nothing was stored. */
  unanswered(claims: readonly ClaimedShipment[], error: string, at: Date): void {
    for (const { shipment } of claims) {
      this.#facts.push({ shipmentId: shipment.id, courier: shipment.courier, trackingNumber: shipment.trackingNumber, at, success: false, error, previousStatus: shipment.status, newStatus: shipment.status, eventsAdded: 0 });
    }
  }

  async flush(calls: readonly HttpCall[]): Promise<void> {
    if (this.#facts.length === 0) return;
    const answer = callSummary(calls);
    await this.log.record(this.#facts.map((facts) => ({ ...facts, ...answer, trigger: this.trigger, triggeredBy: this.by, runId: this.runId })));
  }
}
