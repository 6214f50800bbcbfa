import type { DriverPosition } from '../../courier/adapter.js';
import type { CanonicalStatus } from '../../statuses.js';
import type { StoredLease } from '../lease.js';
import type {
  Delivery,
  HistoryEntry,
  InactiveReason,
  OutboxMessage,
  Run,
  RunCounts,
  RunState,
  RunTrigger,
  Shipment,
  ShipmentLink,
  StoredEvent,
} from '../types.js';
import { emptyCounts } from '../types.js';

/**
 * The documents as stored. Every time of ours is a BSON Date (returned as `toISOString()`); times that
 * come verbatim from a courier (event `at`, `eta`) stay the strings the courier sent. Free-form JSON
 * (shipment metadata, outbox payloads) is stored as JSON text so that any key (dots, `$`) and any value
 * round-trips exactly as it does in the SQLite store.
 */

/** Documents written through the commit protocol (commit.ts) carry a sequence number bumped on each write. */
export interface Versioned {
  _id: string;
  seq: number;
}

export type LeaseDoc = StoredLease;

export interface HistoryDoc {
  status: CanonicalStatus;
  substatus: string | null;
  rawStatus: string | null;
  at: Date;
  recordedAt: Date;
  source: HistoryEntry['source'];
  updatedBy: string | null;
  notes: string | null;
}

/** An outbox entry written together with the status change that caused it, moved to `outbox` afterwards. */
export interface PendingOutboxDoc {
  id: string;
  effect: string;
  dedupKey: string;
  orderKey?: string | null;
  payload: string;
  queuedAt: Date;
}

export interface ShipmentDoc extends Versioned {
  courier: string;
  trackingNumber: string;
  orderId: string | null;
  reference: string | null;
  metadata: string;
  origin: string;
  status: CanonicalStatus;
  substatus: string | null;
  rawStatus: string | null;
  statusFirstSeen: Partial<Record<CanonicalStatus, Date>>;
  lastEventAt: Date | null;
  lastCheckedAt: Date | null;
  nextCheckAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  active: boolean;
  inactiveReason: InactiveReason | null;
  eta: string | null;
  location: string | null;
  /** Absent in documents stored before push couriers. */
  driver?: DriverPosition | null;
  /** Absent in documents stored before links. */
  links?: ShipmentLink[];
  /** Absent in documents stored before packages. */
  master?: string | null;
  createdAt: Date;
  trackingSince: Date;
  updatedAt: Date;
  lease: LeaseDoc;
  /** The status history, embedded so that a status change and its history entry are one write. */
  history: HistoryDoc[];
  outboxPending: PendingOutboxDoc[];
}

export interface EventDoc {
  _id: string;
  shipmentId: string;
  at: string;
  status: string;
  /** '' when the courier gave none, so that the unique index treats "none" as one value. */
  statusType: string;
  code: string | null;
  location: string;
  description: string | null;
  /** Absent in events stored before events were mapped. */
  canonicalStatus?: CanonicalStatus | null;
  substatus?: string | null;
  recordedAt: Date;
}

export interface RunDoc {
  _id: string;
  courier: string;
  trigger: RunTrigger;
  state: RunState;
  owner: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Absent in runs stored before heartbeats. */
  heartbeatAt?: Date;
  counts: RunCounts;
  error: string | null;
  pausedUntil: Date | null;
  /** Absent in runs stored before runs named them. */
  unmappedStatuses?: string[];
}

export interface ApiCallDoc {
  _id: string;
  courier: string;
  runId: string | null;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  error: string | null;
  at: Date;
}

export type OutboxState = 'pending' | 'delivered' | 'dead';

export interface OutboxDoc extends Versioned {
  effect: string;
  dedupKey: string;
  /** Absent in messages stored before delivery order was kept. */
  orderKey?: string | null;
  payload: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  lease: LeaseDoc;
}

export interface CourierStateDoc {
  _id: string;
  pausedUntil: Date | null;
  pauseReason: string | null;
  manual: boolean;
}

export interface AwaitingDoc {
  /** JSON of [orderId, courier]. */
  _id: string;
  orderId: string;
  courier: string;
  reference: string | null;
  metadata: Record<string, unknown>;
  registeredAt: Date;
}


export const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export const freeLease = (): LeaseDoc => ({ owner: null, token: 0, until: null });

export function toShipment(doc: ShipmentDoc): Shipment {
  const firstSeen: Shipment['statusFirstSeen'] = {};
  for (const [status, at] of Object.entries(doc.statusFirstSeen) as [CanonicalStatus, Date][]) firstSeen[status] = at.toISOString();
  return {
    id: doc._id,
    courier: doc.courier,
    trackingNumber: doc.trackingNumber,
    orderId: doc.orderId,
    reference: doc.reference,
    metadata: JSON.parse(doc.metadata) as Record<string, unknown>,
    origin: doc.origin,
    status: doc.status,
    substatus: doc.substatus,
    rawStatus: doc.rawStatus,
    statusFirstSeen: firstSeen,
    lastEventAt: iso(doc.lastEventAt),
    lastCheckedAt: iso(doc.lastCheckedAt),
    nextCheckAt: iso(doc.nextCheckAt),
    consecutiveFailures: doc.consecutiveFailures,
    lastError: doc.lastError,
    active: doc.active,
    inactiveReason: doc.inactiveReason,
    eta: doc.eta,
    location: doc.location,
    driver: doc.driver ?? null,
    links: doc.links ?? [],
    master: doc.master ?? null,
    createdAt: doc.createdAt.toISOString(),
    trackingSince: doc.trackingSince.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export function toHistory(doc: HistoryDoc): HistoryEntry {
  return {
    status: doc.status,
    substatus: doc.substatus,
    rawStatus: doc.rawStatus,
    at: doc.at.toISOString(),
    recordedAt: doc.recordedAt.toISOString(),
    source: doc.source,
    updatedBy: doc.updatedBy,
    notes: doc.notes,
  };
}

export function toEvent(doc: EventDoc): StoredEvent {
  return {
    at: doc.at,
    status: doc.status,
    statusType: doc.statusType === '' ? undefined : doc.statusType,
    code: doc.code ?? undefined,
    location: doc.location === '' ? undefined : doc.location,
    description: doc.description ?? undefined,
    canonicalStatus: doc.canonicalStatus ?? null,
    substatus: doc.substatus ?? null,
    recordedAt: doc.recordedAt.toISOString(),
  };
}

export function toRun(doc: RunDoc): Run {
  return {
    id: doc._id,
    courier: doc.courier,
    trigger: doc.trigger,
    state: doc.state,
    owner: doc.owner,
    startedAt: doc.startedAt.toISOString(),
    finishedAt: iso(doc.finishedAt),
    heartbeatAt: (doc.heartbeatAt ?? doc.finishedAt ?? doc.startedAt).toISOString(),
    counts: { ...emptyCounts(), ...doc.counts },
    error: doc.error,
    pausedUntil: iso(doc.pausedUntil),
    unmappedStatuses: doc.unmappedStatuses ?? [],
  };
}

export function toDelivery(doc: OutboxDoc): Delivery {
  return {
    id: doc._id,
    effect: doc.effect,
    dedupKey: doc.dedupKey,
    orderKey: doc.orderKey ?? null,
    state: doc.state,
    attempts: doc.attempts,
    lastError: doc.lastError,
    createdAt: doc.createdAt.toISOString(),
    nextAttemptAt: doc.nextAttemptAt.toISOString(),
    deliveredAt: iso(doc.deliveredAt),
    payload: JSON.parse(doc.payload) as Record<string, unknown>,
  };
}

export function toOutboxMessage(doc: OutboxDoc): OutboxMessage {
  return {
    id: doc._id,
    effect: doc.effect,
    dedupKey: doc.dedupKey,
    orderKey: doc.orderKey ?? null,
    payload: JSON.parse(doc.payload) as Record<string, unknown>,
    attempts: doc.attempts,
    createdAt: doc.createdAt.toISOString(),
    lease: { owner: doc.lease.owner ?? '', token: doc.lease.token },
  };
}
