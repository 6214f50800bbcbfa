import type { FastifyBaseLogger } from 'fastify';
import type { CanonicalStatus } from '../statuses.js';
import type { CheckOutcome, Run, Shipment } from '../store/types.js';

/**
 * Published on every canonical status change, whoever made it, and on a change of substatus within one
 * status (`from` equal to `to`: a second failed attempt), which only effects asking for it receive.
 */
export interface StatusChange {
  type: 'shipment.status_changed';
  shipmentId: string;
  courier: string;
  trackingNumber: string;
  orderId: string | null;
  reference: string | null;
  metadata: Record<string, unknown>;
  /** When Waybill started tracking the shipment (its registration). */
  registeredAt: string;
  /** Set when this shipment is the return of another (its tracking number): its `delivered` means back at the shipper. */
  returnOf: string | null;
  from: CanonicalStatus;
  to: CanonicalStatus;
  fromSubstatus: string | null;
  substatus: string | null;
  rawStatus: string | null;
  at: string;
  /** `correction`: an operator moved the shipment out of a terminal status, saying so. */
  source: 'courier' | 'manual' | 'correction';
  updatedBy: string | null;
}

/** Published when a run finishes (or is skipped). */
export interface RunReport {
  type: 'run.finished';
  run: Run;
  unmappedStatuses: string[];
  /** The shipments this run checked, by the canonical status they are in after the check. */
  statuses: Partial<Record<CanonicalStatus, number>>;
}

/**
 * Something one effect tells the others (the S3 run logs tell Slack where the log is). `kind` names it;
 * effects list the kinds they want in `notices`.
 */
export interface Notice {
  type: 'notice';
  kind: string;
  /** Unique per notice: announcing it twice delivers it once. */
  id: string;
  courier: string | null;
  text: string;
  url?: string | undefined;
  at: string;
  data?: Record<string, unknown> | undefined;
}

/**
 * Published once when a shipment's checks have failed WAYBILL_ATTENTION_AFTER_FAILURES times in a row (the
 * check that crosses the threshold); it is listed by `GET /v1/shipments?attention=true` while it stays there.
 */
export interface AttentionAlert {
  type: 'shipment.requires_attention';
  shipmentId: string;
  courier: string;
  trackingNumber: string;
  orderId: string | null;
  status: CanonicalStatus;
  consecutiveFailures: number;
  lastError: string | null;
  /** The check that crossed the threshold. */
  at: string;
}

export type EffectMessage = StatusChange | RunReport | Notice | AttentionAlert;

export interface EffectContext {
  log: FastifyBaseLogger;
  /** Delivery attempt number, from 1. */
  attempt: number;
  /** Stable per message: pass it on to receivers that deduplicate (e.g. webhook-id). */
  dedupKey: string;
}

/**
 * A side effect subscribes to status changes (optionally filtered by status and courier) and/or run
 * reports, and delivers them. Delivery goes through the durable outbox: at least once, retried with
 * backoff; `deliver` throws to ask for a retry.
 */
export interface SideEffect {
  name: string;
  statuses?: readonly CanonicalStatus[];
  couriers?: readonly string[];
  /** Receive status changes (default true). */
  statusChanges?: boolean;
  /** Also receive substatus changes within one status (default false). */
  substatusChanges?: boolean;
  /**
   * Also receive the changes of return shipments (`returnOf` set; default false). The original carries the
   * order's story (rto_delivered once its return is delivered), so a return's own `delivered` would mislead
   * an effect that reports to a customer or writes the order's status.
   */
  returnChanges?: boolean;
  /** Receive run reports (default false). */
  runReports?: boolean;
  /** Receive attention alerts: a shipment whose checks keep failing (default false). */
  attention?: boolean;
  /** Notice kinds to receive (default none). */
  notices?: readonly string[];
  /** Deliveries of this effect in flight at once (default 4); one shipment's are always one after another. */
  concurrency?: number;
  /** Give up after this many attempts (default 32: retried for about a day). */
  maxAttempts?: number;
  /** Spread retries by up to a quarter of their delay, so a receiver coming back is not hit all at once. */
  retryJitter?: boolean;
  deliver(message: EffectMessage, ctx: EffectContext): Promise<void>;
}

/** What one stored check of one shipment did. */
export interface CheckNotice {
  /** The shipment after the check was written. */
  shipment: Shipment;
  outcome: CheckOutcome;
  checkedAt: string;
  /** Set when this check moved the canonical status. */
  change: StatusChange | null;
}

/**
 * Sees every stored check of a batch, for mirroring tracking facts elsewhere (e.g. the last tracking time
 * on the shop's order). Best effort and off the tracking path's failure domain: an error is logged and
 * the next check carries the same facts again. Anything that must not be missed is a SideEffect.
 */
export interface CheckObserver {
  name: string;
  couriers?: readonly string[];
  observe(notices: readonly CheckNotice[], ctx: { log: FastifyBaseLogger }): Promise<void>;
}

/**
 * Thrown by `deliver` when retrying cannot help (the receiver refuses the credentials, the endpoint is gone):
 * the message is dead-lettered at once instead of being retried for a day.
 */
export class Undeliverable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Undeliverable';
  }
}
