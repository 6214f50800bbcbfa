import type { RawEvent } from '../courier/adapter.js';
import type { CanonicalStatus } from '../statuses.js';

export interface ShipmentInput {
  courier: string;
  trackingNumber: string;
  orderId?: string | null | undefined;
  reference?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  /** Who asked for tracking: 'api' (default) or a source such as an orders collection. */
  origin?: string | undefined;
  /**
   * When a newly tracked (or re-tracked) shipment is first due; default now, never later than now. A source
   * that knows how stale each item is (an orders collection's last tracking time) puts the stalest first.
   */
  firstCheckAt?: Date | undefined;
}

/** A registration's first due time: its `firstCheckAt`, never later than `now`. */
export function firstCheckAt(input: ShipmentInput, now: Date): Date {
  return input.firstCheckAt && input.firstCheckAt < now ? input.firstCheckAt : now;
}

/**
 * Why a shipment is no longer polled: terminal status, past its maximum tracking age, the courier said
 * there is nothing more to learn, a permanent error, or its source no longer wants it tracked.
 */
export type InactiveReason = 'terminal' | 'expired' | 'stopped' | 'failed' | 'untracked';

export interface Shipment {
  id: string;
  courier: string;
  trackingNumber: string;
  orderId: string | null;
  reference: string | null;
  metadata: Record<string, unknown>;
  origin: string;
  status: CanonicalStatus;
  substatus: string | null;
  /** The courier's own words for the latest status (`<type>-<status>` where it has a type). */
  rawStatus: string | null;
  /** First time each canonical status was seen (ISO-8601). */
  statusFirstSeen: Partial<Record<CanonicalStatus, string>>;
  lastEventAt: string | null;
  lastCheckedAt: string | null;
  nextCheckAt: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  active: boolean;
  inactiveReason: InactiveReason | null;
  eta: string | null;
  location: string | null;
  createdAt: string;
  /** Start of the tracking window used for the maximum tracking age (reset when re-tracked). */
  trackingSince: string;
  updatedAt: string;
}

export interface StoredEvent extends RawEvent {
  recordedAt: string;
}

export interface HistoryEntry {
  status: CanonicalStatus;
  substatus: string | null;
  rawStatus: string | null;
  /** When the status happened, as far as we know. */
  at: string;
  recordedAt: string;
  source: 'registration' | 'courier' | 'manual';
  updatedBy: string | null;
  notes: string | null;
}

/** A fenced lease: writes are accepted only from the current owner holding the current token. */
export interface Lease {
  owner: string;
  token: number;
}

export interface ClaimedShipment {
  shipment: Shipment;
  lease: Lease;
}

export interface OutboxInput {
  effect: string;
  /** Unique per delivery: enqueuing the same key twice delivers once. */
  dedupKey: string;
  payload: Record<string, unknown>;
}

export interface OutboxMessage extends OutboxInput {
  id: string;
  attempts: number;
  createdAt: string;
  lease: Lease;
}

export interface Transition {
  status: CanonicalStatus;
  substatus: string | null;
  rawStatus: string | null;
  at: Date;
}

/** Everything one check of one shipment changes, written atomically under its lease. */
export interface CheckWrite {
  checkedAt: Date;
  nextCheckAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  active: boolean;
  inactiveReason: InactiveReason | null;
  rawStatus?: string | undefined;
  lastEventAt?: Date | undefined;
  eta?: string | undefined;
  location?: string | undefined;
  events: readonly RawEvent[];
  /** Applied only if it differs from the stored status; outbox entries go with it. */
  transition?: Transition | undefined;
  outbox?: readonly OutboxInput[] | undefined;
}

export type ApplyOutcome =
  | { applied: false; reason: 'lease_lost' }
  | { applied: true; newEvents: number; transitioned: boolean; shipment: Shipment };

export interface ManualUpdate {
  status: CanonicalStatus;
  updatedBy: string;
  notes: string | null;
  at: Date;
}

export type RunState = 'running' | 'succeeded' | 'failed' | 'skipped';
export type RunTrigger = 'start' | 'schedule' | 'manual';

export interface RunCounts {
  claimed: number;
  requests: number;
  updated: number;
  unchanged: number;
  notFound: number;
  unmapped: number;
  failed: number;
  referenceMismatch: number;
  stopped: number;
  expired: number;
  /** Results dropped because another instance took the shipment over (lease expired). */
  leaseLost: number;
}

export interface Run {
  id: string;
  courier: string;
  trigger: RunTrigger;
  state: RunState;
  owner: string;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  error: string | null;
  /** For a skipped run: the courier was paused until this time. */
  pausedUntil: string | null;
}

export interface ApiCallRecord {
  courier: string;
  runId: string | null;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  error: string | null;
  at: Date;
}

export interface CourierState {
  courier: string;
  pausedUntil: string | null;
  pauseReason: string | null;
  /** Paused by an operator: stays paused until resumed. */
  manual: boolean;
}

export interface ShipmentFilter {
  courier?: string | undefined;
  origin?: string | undefined;
  status?: CanonicalStatus | undefined;
  active?: boolean | undefined;
}

export interface Page {
  limit: number;
  offset: number;
}

export function emptyCounts(): RunCounts {
  return { claimed: 0, requests: 0, updated: 0, unchanged: 0, notFound: 0, unmapped: 0, failed: 0, referenceMismatch: 0, stopped: 0, expired: 0, leaseLost: 0 };
}
