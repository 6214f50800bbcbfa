import type {
  ApiCallRecord,
  ApplyOutcome,
  CheckWrite,
  ClaimedShipment,
  CourierState,
  HistoryEntry,
  Lease,
  ManualUpdate,
  OutboxInput,
  OutboxMessage,
  Page,
  Run,
  RunCounts,
  RunState,
  RunTrigger,
  Shipment,
  ShipmentFilter,
  ShipmentInput,
  StoredEvent,
} from './types.js';

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

/**
 * The persistence port. Every implementation passes the same contract suite (test/store/contract.ts).
 * Writes that touch one shipment are atomic; transition writes are idempotent.
 */
export interface Store {
  readonly kind: string;
  init(): Promise<void>;
  close(): Promise<void>;

  /**
   * All-or-nothing; idempotent on courier + tracking number. Re-registering a shipment that expired or
   * was untracked tracks it again.
   */
  registerShipments(inputs: readonly ShipmentInput[], now: Date): Promise<RegisterOutcome[]>;
  getShipment(courier: string, trackingNumber: string): Promise<Shipment | null>;
  listShipments(filter: ShipmentFilter, page: Page): Promise<{ items: Shipment[]; total: number }>;
  listShipmentsByOrder(orderId: string): Promise<Shipment[]>;
  getEvents(shipmentId: string): Promise<StoredEvent[]>;
  getHistory(shipmentId: string): Promise<HistoryEntry[]>;

  /** Lease up to `limit` due shipments of a courier, oldest next check first. */
  claimDue(courier: string, options: ClaimOptions): Promise<ClaimedShipment[]>;
  /** Lease one shipment whatever its next check (live refresh); null if another holder's lease is live. */
  claimOne(courier: string, trackingNumber: string, options: Omit<ClaimOptions, 'limit'>): Promise<ClaimedShipment | null>;
  /** Give leases back without recording a check (e.g. the courier rate-limited the batch). */
  releaseLeases(items: readonly { shipmentId: string; lease: Lease }[]): Promise<void>;
  /** Write a check's outcome if `lease` is still current (same owner and token, not expired at `now`). */
  applyCheck(shipmentId: string, lease: Lease, write: CheckWrite, now: Date): Promise<ApplyOutcome>;
  /** An operator's status; it also ends any lease, so a check in flight, judged on older state, is not written. */
  applyManualStatus(shipmentId: string, update: ManualUpdate, outbox: readonly OutboxInput[]): Promise<Shipment>;
  /** Stop tracking these shipments because their source no longer wants them (reason 'untracked'). */
  untrack(shipmentIds: readonly string[], now: Date): Promise<number>;
  /** Stop tracking active shipments whose tracking window started before `cutoff`. Returns how many. */
  expireStale(courier: string, cutoff: Date, now: Date): Promise<number>;
  countDue(courier: string, now: Date): Promise<number>;
  countByStatus(): Promise<{ courier: string; status: string; active: boolean; count: number }[]>;

  createRun(run: { courier: string; trigger: RunTrigger; state: RunState; owner: string; startedAt: Date; pausedUntil?: Date | null }): Promise<Run>;
  updateRunCounts(id: string, counts: RunCounts): Promise<void>;
  finishRun(id: string, result: { state: RunState; finishedAt: Date; counts: RunCounts; error?: string | null }): Promise<void>;
  getRun(id: string): Promise<Run | null>;
  listRuns(filter: { courier?: string | undefined; limit: number }): Promise<Run[]>;

  logApiCalls(calls: readonly ApiCallRecord[]): Promise<void>;
  countApiCalls(courier: string, since: Date): Promise<number>;

  enqueueOutbox(items: readonly OutboxInput[], now: Date): Promise<void>;
  claimOutbox(options: ClaimOptions): Promise<OutboxMessage[]>;
  completeOutbox(id: string, lease: Lease, now: Date): Promise<boolean>;
  failOutbox(id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): Promise<boolean>;
  outboxCounts(): Promise<{ pending: number; delivered: number; dead: number }>;

  getCourierState(courier: string): Promise<CourierState>;
  setCourierState(state: CourierState): Promise<void>;
}
