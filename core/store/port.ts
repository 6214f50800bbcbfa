import type {
  ApiCallRecord,
  AwaitedShipment,
  ClaimedShipment,
  CourierState,
  Delivery,
  DeliveryState,
  HistoryEntry,
  Lease,
  OutboxInput,
  OutboxMessage,
  Page,
  Run,
  RunCounts,
  RunResult,
  RunState,
  RunTrigger,
  Shipment,
  ShipmentFilter,
  ShipmentInput,
  ShipmentRecord,
  ShipmentUpdate,
  StoredEvent,
  UpdateOutcome,
} from './types.js';
import type { ApiUsageFilter, HourlyApiUsage } from './api-usage.js';
import type { CheckLogFilter, CheckRecord } from './check-log.js';

export interface RegisterOutcome {
  id: string;
  courier: string;
  trackingNumber: string;
  created: boolean;
}

export interface ClaimOptions {
  owner: string;
  now: Date;
  limit: number;
  leaseMs: number;
}

/** One write `updateMany` makes: what `update` takes, as a value. */
export interface UpdateRequest<U extends ShipmentUpdate> {
  shipmentId: string;
  guard: { lease?: Lease | undefined; now: Date };
  decide: (current: Shipment) => U | null;
}

/**
 * Shipments, their events and status history. The store decides nothing about a shipment's state: the
 * core computes each next state (core/shipment/) and the store saves it atomically.
 */
export interface ShipmentStore {
  /**
   * All-or-nothing; idempotent on courier + tracking number. New shipments start as the core's
   * `newShipment` says; known ones change as its `reRegistered` says.
   */
  register(inputs: readonly ShipmentInput[], now: Date): Promise<RegisterOutcome[]>;
  get(courier: string, trackingNumber: string): Promise<Shipment | null>;
  /** `get` with the shipment's events and history, read together (one query on SQLite). */
  lookup(courier: string, trackingNumber: string): Promise<ShipmentRecord | null>;
  list(filter: ShipmentFilter, page: Page): Promise<{ items: Shipment[]; total: number }>;
  /** In registration order (a batch in its input order). */
  listByOrder(orderId: string): Promise<Shipment[]>;
  /** A page of `listByOrder`, and how many there are in all. */
  pageByOrder(orderId: string, page: Page): Promise<{ items: Shipment[]; total: number }>;
  events(shipmentId: string): Promise<StoredEvent[]>;
  history(shipmentId: string): Promise<HistoryEntry[]>;

  /** Lease up to `limit` due shipments of a courier, oldest next check first. */
  claimDue(courier: string, options: ClaimOptions): Promise<ClaimedShipment[]>;
  /** Lease one shipment whatever its next check (live refresh); null if another holder's lease is live. */
  claimOne(courier: string, trackingNumber: string, options: Omit<ClaimOptions, 'limit'>): Promise<ClaimedShipment | null>;
  /** Give leases back without recording a check (e.g. the courier rate-limited the batch). */
  releaseLeases(items: readonly { shipmentId: string; lease: Lease }[]): Promise<void>;
  /**
   * Read the shipment, ask `decide` what it becomes, and save that in one atomic write: the next state,
   * the history entries, the events not stored yet and the outbox entries. With `lease`, nothing is written
   * unless that lease is still held at `now`. `decide` may be called again with a fresher read when another
   * writer got in first, so it must be pure; `null` from it writes nothing.
   */
  update<U extends ShipmentUpdate>(
    shipmentId: string,
    guard: { lease?: Lease | undefined; now: Date },
    decide: (current: Shipment) => U | null,
  ): Promise<UpdateOutcome<U>>;
  /**
   * `update` for each request, in order, as one atomic write where the store can (a batch's checks: one
   * transaction instead of one per shipment). Same guards and outcomes as `update`, one per request. The
   * check-log rows `audit` derives from the outcomes are written with them: in the same transaction where
   * the store has one (SQLite), right after otherwise. `audit` must be pure.
   */
  updateMany<U extends ShipmentUpdate>(requests: readonly UpdateRequest<U>[], audit?: (outcomes: readonly UpdateOutcome<U>[]) => readonly CheckRecord[]): Promise<UpdateOutcome<U>[]>;
  /** Stop tracking these shipments because their source no longer wants them (reason 'untracked'). */
  untrack(shipmentIds: readonly string[], now: Date): Promise<number>;
  /** Stop tracking active, unleased shipments whose tracking window started before `cutoff`. Returns how many. */
  expireStale(courier: string, cutoff: Date, now: Date): Promise<number>;
  countDue(courier: string, now: Date): Promise<number>;
  countByStatus(): Promise<{ courier: string; status: string; active: boolean; count: number }[]>;
}

export interface RunStore {
  create(run: { courier: string; trigger: RunTrigger; state: RunState; owner: string; startedAt: Date; pausedUntil?: Date | null }): Promise<Run>;
  /** The counts so far, and a heartbeat at `now`. */
  updateCounts(id: string, counts: RunCounts, now: Date): Promise<void>;
  /** The instance running it is alive (a running run only). */
  heartbeat(id: string, now: Date): Promise<void>;
  finish(id: string, result: RunResult): Promise<void>;
  /**
   * Close every running run of another owner whose last heartbeat is before `cutoff` as `abandoned`, keeping
   * its counts; each one once, however many instances ask at the same time. Returns the runs it closed.
   */
  abandonStale(options: { cutoff: Date; now: Date; exceptOwner: string }): Promise<Run[]>;
  get(id: string): Promise<Run | null>;
  /** Newest first; `offset` runs skipped. */
  list(filter: { courier?: string | undefined; limit: number; offset?: number | undefined }): Promise<Run[]>;
}

/** The durable outbox of side effects: at least once, each dedup key enqueued once, in order per order key. */
export interface OutboxStore {
  enqueue(items: readonly OutboxInput[], now: Date): Promise<void>;
  /**
   * Lease up to `limit` due messages, oldest first, never one whose effect has an earlier pending message
   * with the same order key (it waits its turn).
   */
  claim(options: ClaimOptions): Promise<OutboxMessage[]>;
  complete(id: string, lease: Lease, now: Date): Promise<boolean>;
  fail(id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): Promise<boolean>;
  counts(): Promise<{ pending: number; delivered: number; dead: number }>;
  /** Newest first. */
  list(filter: { state?: DeliveryState | undefined; effect?: string | undefined }, page: Page): Promise<{ items: Delivery[]; total: number }>;
  get(id: string): Promise<Delivery | null>;
  /** Dead messages (these ids, or every one of an effect) become pending and due now, attempts from zero. Returns how many. */
  redrive(which: { ids: readonly string[] } | { effect: string }, now: Date): Promise<number>;
}

/**
 * Shipments of an order the shop announced before their tracking numbers exist (seed 001's "not initiated").
 * One per order and courier; a shipment of that order registered at that courier afterwards supersedes it.
 */
export interface AwaitingStore {
  /** One per order + courier: a repeat announces it again (reference, metadata and time replaced). */
  add(item: { orderId: string; courier: string; reference?: string | null | undefined; metadata?: Record<string, unknown> | undefined }, now: Date): Promise<void>;
  forOrder(orderId: string): Promise<AwaitedShipment[]>;
}

/** Per-courier pause state, last writer wins. */
export interface CourierStateStore {
  get(courier: string): Promise<CourierState>;
  set(state: CourierState): Promise<void>;
}

/** Every request made to a courier (the daily budget is counted from it). */
export interface ApiCallStore {
  log(calls: readonly ApiCallRecord[]): Promise<void>;
  count(courier: string, since: Date): Promise<number>;
  /** The calls a run made, in the order they were logged. */
  forRun(runId: string): Promise<ApiCallRecord[]>;
  /** The calls in the filter's window counted per courier and UTC hour, in hour then courier order. */
  usage(filter: ApiUsageFilter): Promise<HourlyApiUsage[]>;
}

/** The audit log of every check of every shipment: who or what asked, what the courier said, what changed. */
export interface CheckLogStore {
  record(checks: readonly CheckRecord[]): Promise<void>;
  /** Newest first. */
  list(filter: CheckLogFilter, page: Page): Promise<{ items: CheckRecord[]; total: number }>;
  /** Deletes the checks made before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/**
 * Deleting what is old and done (core/store/retention.ts says how old). Never a running run, nor a
 * message still to be delivered (pending) or kept for a redrive (dead).
 */
export interface RetentionStore {
  /** Runs that finished before `before` with their API calls, and live checks' API calls (no run) made before it. */
  pruneRuns(before: Date): Promise<{ runs: number; apiCalls: number }>;
  /** Outbox messages delivered before `before`. */
  pruneDeliveredOutbox(before: Date): Promise<number>;
}

/**
 * The persistence port, one part per role. Every implementation passes the same contract suite
 * (test/store/contract.ts). Writes that touch one shipment are atomic.
 */
export interface Store {
  readonly kind: string;
  init(): Promise<void>;
  close(): Promise<void>;
  readonly shipments: ShipmentStore;
  readonly runs: RunStore;
  readonly outbox: OutboxStore;
  readonly courierState: CourierStateStore;
  readonly apiCalls: ApiCallStore;
  readonly awaiting: AwaitingStore;
  readonly retention: RetentionStore;
  readonly checks: CheckLogStore;
}
