import type { CanonicalStatus } from '../../statuses.js';
import type { StoredLease } from '../lease.js';
import type { HistoryEntry, InactiveReason, Run, RunCounts, RunState, RunTrigger, Shipment, StoredEvent } from '../types.js';
import { emptyCounts } from '../types.js';

export interface ShipmentRow {
  id: string;
  courier: string;
  tracking_number: string;
  order_id: string | null;
  reference: string | null;
  metadata: string;
  origin: string;
  status: string;
  substatus: string | null;
  raw_status: string | null;
  status_first_seen: string;
  last_event_at: string | null;
  last_checked_at: string | null;
  next_check_at: string | null;
  consecutive_failures: number;
  last_error: string | null;
  active: number;
  inactive_reason: string | null;
  eta: string | null;
  location: string | null;
  driver: string | null;
  links: string;
  master: string | null;
  created_at: string;
  tracking_since: string;
  updated_at: string;
  lease_owner: string | null;
  lease_token: number;
  lease_until: string | null;
}

export function toShipment(row: ShipmentRow): Shipment {
  return {
    id: row.id,
    courier: row.courier,
    trackingNumber: row.tracking_number,
    orderId: row.order_id,
    reference: row.reference,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    origin: row.origin,
    status: row.status as CanonicalStatus,
    substatus: row.substatus,
    rawStatus: row.raw_status,
    statusFirstSeen: JSON.parse(row.status_first_seen) as Shipment['statusFirstSeen'],
    lastEventAt: row.last_event_at,
    lastCheckedAt: row.last_checked_at,
    nextCheckAt: row.next_check_at,
    consecutiveFailures: row.consecutive_failures,
    lastError: row.last_error,
    active: row.active === 1,
    inactiveReason: row.inactive_reason as InactiveReason | null,
    eta: row.eta,
    location: row.location,
    driver: row.driver === null ? null : (JSON.parse(row.driver) as Shipment['driver']),
    links: JSON.parse(row.links) as Shipment['links'],
    master: row.master,
    createdAt: row.created_at,
    trackingSince: row.tracking_since,
    updatedAt: row.updated_at,
  };
}

/** Every column of a shipment but its key and lease, as named parameters for INSERT and UPDATE. */
export function shipmentParams(s: Shipment) {
  return {
    id: s.id,
    courier: s.courier,
    trackingNumber: s.trackingNumber,
    orderId: s.orderId,
    reference: s.reference,
    metadata: JSON.stringify(s.metadata),
    origin: s.origin,
    status: s.status,
    substatus: s.substatus,
    rawStatus: s.rawStatus,
    statusFirstSeen: JSON.stringify(s.statusFirstSeen),
    lastEventAt: s.lastEventAt,
    lastCheckedAt: s.lastCheckedAt,
    nextCheckAt: s.nextCheckAt,
    consecutiveFailures: s.consecutiveFailures,
    lastError: s.lastError,
    active: s.active ? 1 : 0,
    inactiveReason: s.inactiveReason,
    eta: s.eta,
    location: s.location,
    driver: s.driver === null ? null : JSON.stringify(s.driver),
    links: JSON.stringify(s.links),
    master: s.master,
    createdAt: s.createdAt,
    trackingSince: s.trackingSince,
    updatedAt: s.updatedAt,
  };
}

export function leaseOf(row: ShipmentRow): StoredLease {
  return { owner: row.lease_owner, token: row.lease_token, until: row.lease_until === null ? null : new Date(row.lease_until) };
}

export interface EventRow {
  at: string;
  status: string;
  status_type: string;
  code: string | null;
  location: string;
  description: string | null;
  canonical_status: string | null;
  substatus: string | null;
  recorded_at: string;
}

export function toEvent(row: EventRow): StoredEvent {
  return {
    at: row.at,
    status: row.status,
    statusType: row.status_type === '' ? undefined : row.status_type,
    code: row.code ?? undefined,
    location: row.location === '' ? undefined : row.location,
    description: row.description ?? undefined,
    canonicalStatus: row.canonical_status as CanonicalStatus | null,
    substatus: row.substatus,
    recordedAt: row.recorded_at,
  };
}

export interface HistoryRow {
  status: string;
  substatus: string | null;
  raw_status: string | null;
  at: string;
  recorded_at: string;
  source: string;
  updated_by: string | null;
  notes: string | null;
}

export function toHistory(row: HistoryRow): HistoryEntry {
  return {
    status: row.status as CanonicalStatus,
    substatus: row.substatus,
    rawStatus: row.raw_status,
    at: row.at,
    recordedAt: row.recorded_at,
    source: row.source as HistoryEntry['source'],
    updatedBy: row.updated_by,
    notes: row.notes,
  };
}

export interface RunRow {
  id: string;
  courier: string;
  trigger: string;
  state: string;
  owner: string;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: string;
  counts: string;
  error: string | null;
  paused_until: string | null;
  unmapped: string;
}

export function toRun(row: RunRow): Run {
  return {
    id: row.id,
    courier: row.courier,
    trigger: row.trigger as RunTrigger,
    state: row.state as RunState,
    owner: row.owner,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heartbeatAt: row.heartbeat_at,
    counts: { ...emptyCounts(), ...(JSON.parse(row.counts) as Partial<RunCounts>) },
    error: row.error,
    pausedUntil: row.paused_until,
    unmappedStatuses: JSON.parse(row.unmapped) as string[],
  };
}
