import type { CanonicalStatus } from '../statuses.js';

/**
 * What asked for a check: a run's `scheduled` batch, its `retry` (after a token refresh, or a half of a batch
 * the courier refused as a whole), an operator's `manual` refresh, a courier's `webhook`, a `bulk` refresh.
 */
export type CheckTrigger = 'scheduled' | 'retry' | 'manual' | 'webhook' | 'bulk';

export const CHECK_TRIGGERS: readonly CheckTrigger[] = ['scheduled', 'retry', 'manual', 'webhook', 'bulk'];

/** Who asked: the API key's name, or `system` for the service's own work. */
export const SYSTEM_ACTOR = 'system';

/** One check of one shipment, as the audit log keeps it (seed 003's tracking_update_logs). */
export interface CheckRecord {
  shipmentId: string;
  courier: string;
  trackingNumber: string;
  trigger: CheckTrigger;
  triggeredBy: string;
  runId: string | null;
  /** The courier answered and the answer was stored. */
  success: boolean;
  /** The courier's HTTP status for the batch: its first failure, else its last answer (null: none, or a webhook). */
  httpStatus: number | null;
  /** The time the batch's requests took at the courier. */
  responseTimeMs: number | null;
  error: string | null;
  previousStatus: CanonicalStatus;
  newStatus: CanonicalStatus;
  eventsAdded: number;
  at: Date;
}

export interface CheckLogFilter {
  shipmentId?: string | undefined;
  courier?: string | undefined;
  /** Checks at or after this time. */
  since?: Date | undefined;
}
