import type { DriverPosition, RawEvent } from '../courier/adapter.js';
import type { CanonicalStatus } from '../statuses.js';

export interface ShipmentInput {
  courier: string;
  trackingNumber: string;
  orderId?: string | null | undefined;
  reference?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  /** Who asked for tracking: 'api' (default) or a source such as an orders collection. */
  origin?: string | undefined;
  /** Links to other tracking numbers of the same parcel (a return registered by the engine). */
  links?: ShipmentLink[] | undefined;
  /** For a package of a multi-package shipment: the shipment's (master) tracking number. */
  master?: string | null | undefined;
  /**
   * When a newly tracked (or re-tracked) shipment is first due; default now, never later than now. A source
   * that knows how stale each item is (an orders collection's last tracking time) puts the stalest first.
   */
  firstCheckAt?: Date | undefined;
  /**
   * Refuse (OrderIdConflict) rather than replace another order id already stored for this number. The API
   * sets it unless the request is an explicit update; sources that own the order link (an orders collection) do not.
   */
  refuseOrderIdChange?: boolean | undefined;
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
  /** A push courier's driver: where they are and who they are, from its latest position update. */
  driver: DriverPosition | null;
  /** Other tracking numbers of the same parcel: `return` (its return to the shipper), `return_of` (the original). */
  links: ShipmentLink[];
  /** Set on the packages of a multi-package shipment other than its master: the master's tracking number. */
  master: string | null;
  createdAt: string;
  /** Start of the tracking window used for the maximum tracking age (reset when re-tracked). */
  trackingSince: string;
  updatedAt: string;
}

/** A shipment of an order the shop announced before the courier issued its tracking number. */
export interface AwaitedShipment {
  orderId: string;
  courier: string;
  reference: string | null;
  metadata: Record<string, unknown>;
  registeredAt: string;
}

export interface ShipmentLink {
  trackingNumber: string;
  relation: 'return' | 'return_of';
}

/** A courier event with what the courier's status table makes of it (null: no row, or a row that says no change). */
export interface MappedEvent extends RawEvent {
  canonicalStatus: CanonicalStatus | null;
  substatus: string | null;
}

export interface StoredEvent extends MappedEvent {
  recordedAt: string;
}

/** A shipment with its events (courier time order) and history (oldest first): what a lookup answers. */
export interface ShipmentRecord {
  shipment: Shipment;
  events: StoredEvent[];
  history: HistoryEntry[];
}

export interface HistoryEntry {
  status: CanonicalStatus;
  substatus: string | null;
  rawStatus: string | null;
  /** When the status happened, as far as we know. */
  at: string;
  recordedAt: string;
  /** `correction`: an operator moved the shipment out of a terminal status, saying so. */
  source: 'registration' | 'courier' | 'manual' | 'correction';
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
  /**
   * Messages of one effect with the same order key (a shipment's id) are delivered one after another, in
   * the order they were enqueued: a later one waits while an earlier one is pending or being retried.
   */
  orderKey?: string | null | undefined;
  payload: Record<string, unknown>;
}

export interface OutboxMessage extends OutboxInput {
  id: string;
  attempts: number;
  createdAt: string;
  lease: Lease;
}

export type DeliveryState = 'pending' | 'delivered' | 'dead';

/** An outbox message as an operator sees it (dead letters, redrives). */
export interface Delivery {
  id: string;
  effect: string;
  dedupKey: string;
  orderKey: string | null;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  deliveredAt: string | null;
  payload: Record<string, unknown>;
}

export interface Transition {
  status: CanonicalStatus;
  substatus: string | null;
  rawStatus: string | null;
  at: Date;
}

/** What a check found, before it is applied to the stored shipment (core/shipment/check.ts). */
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
  events: readonly MappedEvent[];
  /** Applied only if it differs from the stored status or substatus. */
  transition?: Transition | undefined;
  /** Other numbers of the same parcel the courier named (added to the known ones). */
  links?: readonly ShipmentLink[] | undefined;
}

/**
 * One atomic write of one shipment, as the core decided it: the store saves `next` as it is, appends the
 * history entries, records the events it does not hold yet (same time, status, type and location) and
 * enqueues the outbox entries. `release` gives the writer's lease back; `fence` ends whatever lease there
 * is, so that a check in flight, judged on the state before this write, cannot be written after it.
 */
export interface ShipmentUpdate {
  next: Shipment;
  history: readonly HistoryEntry[];
  events: readonly MappedEvent[];
  outbox: readonly OutboxInput[];
  /** `keep`: leave any lease as it is (a driver position changes nothing a check in flight judged on). */
  lease: 'release' | 'fence' | 'keep';
}

export type UpdateOutcome<U extends ShipmentUpdate> =
  | { written: true; shipment: Shipment; newEvents: number; update: U }
  /** `lease_lost`: the guard's lease is no longer held; `missing`: no such shipment; `declined`: `decide` returned null. */
  | { written: false; reason: 'lease_lost' | 'missing' | 'declined' };

export interface ManualUpdate {
  status: CanonicalStatus;
  updatedBy: string;
  notes: string | null;
  at: Date;
  /** Required to move a shipment out of a terminal status: the operator says it is a correction. */
  correction?: boolean | undefined;
}

/**
 * `paused`: stopped because the courier may not send (429, 403 cool-down, daily budget, operator), until
 * `pausedUntil`; `skipped`: not started for the same reason; `abandoned`: its instance stopped sending
 * heartbeats (it died), so another instance closed it with the counts it had written.
 */
export type RunState = 'running' | 'succeeded' | 'failed' | 'paused' | 'skipped' | 'abandoned';
export type RunTrigger = 'start' | 'schedule' | 'manual';

/** What one check of one shipment came to. */
export type CheckOutcome = 'found' | 'not_found' | 'unmapped' | 'reference_mismatch' | 'stopped' | 'failed';

/**
 * What a run counts, in the order reports show them. `leaseLost`: results dropped because another
 * instance took the shipment over (lease expired).
 */
export const RUN_COUNTERS = [
  'claimed',
  'requests',
  'updated',
  'unchanged',
  'notFound',
  'unmapped',
  'failed',
  'referenceMismatch',
  'stopped',
  'expired',
  'leaseLost',
] as const;

export type RunCounter = (typeof RUN_COUNTERS)[number];
export type RunCounts = Record<RunCounter, number>;

export interface Run {
  id: string;
  courier: string;
  trigger: RunTrigger;
  state: RunState;
  owner: string;
  startedAt: string;
  finishedAt: string | null;
  /** The last sign of life of the instance running it (a running run's heartbeat). */
  heartbeatAt: string;
  counts: RunCounts;
  error: string | null;
  /** For a paused or skipped run: the courier is paused until this time (null: until an operator resumes it). */
  pausedUntil: string | null;
  /** Raw statuses the run met that have no row in the courier's table. */
  unmappedStatuses: string[];
}

/** How a run ended, as the engine reports it to the store. */
export interface RunResult {
  state: RunState;
  finishedAt: Date;
  counts: RunCounts;
  error?: string | null;
  pausedUntil?: Date | null;
  unmappedStatuses?: readonly string[];
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
  /** Of any of these orders. */
  orderIds?: readonly string[] | undefined;
  /** With any of these tracking numbers; only with `courier` (a number is unique per courier). */
  trackingNumbers?: readonly string[] | undefined;
  /** Never checked, or last checked before this time. */
  notCheckedSince?: Date | undefined;
  /** By consecutive failed checks: at least, or fewer than, a number (shipments requiring attention, or not). */
  failures?: { atLeast: number } | { below: number } | undefined;
}

export interface Page {
  limit: number;
  offset: number;
}

export function emptyCounts(): RunCounts {
  return Object.fromEntries(RUN_COUNTERS.map((counter) => [counter, 0])) as RunCounts;
}
