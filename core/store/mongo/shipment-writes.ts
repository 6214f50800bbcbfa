import { newShipment, reRegistered, stopped } from '../../shipment/registration.js';
import type { CanonicalStatus } from '../../statuses.js';
import { leaseAfter } from '../lease.js';
import type { HistoryEntry, OutboxInput, Shipment, ShipmentInput, ShipmentUpdate } from '../types.js';
import { freeLease, type HistoryDoc, type PendingOutboxDoc, type ShipmentDoc } from './documents.js';
import { newId } from '../ids.js';

/**
 * Pure functions from one version of a shipment document to the next. The state itself comes from the
 * core (core/shipment/); these only translate it into the document. They never mutate their input, so a
 * writer that loses a race can ask again with a fresh read.
 */

const date = (value: string): Date => new Date(value);
const dateOrNull = (value: string | null): Date | null => (value === null ? null : new Date(value));

/** The shipment's fields as the document stores them (our times as Dates, metadata as JSON text). */
function fields(s: Shipment): Omit<ShipmentDoc, '_id' | 'seq' | 'lease' | 'history' | 'outboxPending'> {
  const firstSeen: ShipmentDoc['statusFirstSeen'] = {};
  for (const [status, at] of Object.entries(s.statusFirstSeen) as [CanonicalStatus, string][]) firstSeen[status] = date(at);
  return {
    courier: s.courier,
    trackingNumber: s.trackingNumber,
    orderId: s.orderId,
    reference: s.reference,
    metadata: JSON.stringify(s.metadata),
    origin: s.origin,
    status: s.status,
    substatus: s.substatus,
    rawStatus: s.rawStatus,
    statusFirstSeen: firstSeen,
    lastEventAt: dateOrNull(s.lastEventAt),
    lastCheckedAt: dateOrNull(s.lastCheckedAt),
    nextCheckAt: dateOrNull(s.nextCheckAt),
    consecutiveFailures: s.consecutiveFailures,
    lastError: s.lastError,
    active: s.active,
    inactiveReason: s.inactiveReason,
    eta: s.eta,
    location: s.location,
    driver: s.driver,
    links: s.links,
    master: s.master,
    createdAt: date(s.createdAt),
    trackingSince: date(s.trackingSince),
    updatedAt: date(s.updatedAt),
  };
}

const historyDoc = (h: HistoryEntry): HistoryDoc => ({ ...h, at: date(h.at), recordedAt: date(h.recordedAt) });

function pending(outbox: readonly OutboxInput[], now: Date): PendingOutboxDoc[] {
  return outbox.map((o) => ({ id: newId(), effect: o.effect, dedupKey: o.dedupKey, orderKey: o.orderKey ?? null, payload: JSON.stringify(o.payload), queuedAt: now }));
}

export function newShipmentDoc(input: ShipmentInput, id: string, now: Date): ShipmentDoc {
  const { shipment, history } = newShipment(input, id, now);
  return { _id: id, seq: 0, ...fields(shipment), lease: freeLease(), history: [historyDoc(history)], outboxPending: [] };
}

/** The next version after `update`: its state, history and outbox entries in one version (so one write). */
export function updated(doc: ShipmentDoc, update: ShipmentUpdate, now: Date): ShipmentDoc {
  return {
    ...doc,
    ...fields(update.next),
    history: [...doc.history, ...update.history.map(historyDoc)],
    outboxPending: [...doc.outboxPending, ...pending(update.outbox, now)],
    lease: leaseAfter(doc.lease, update.lease),
  };
}

export function refreshed(doc: ShipmentDoc, shipment: Shipment, input: ShipmentInput, now: Date): ShipmentDoc {
  return { ...doc, ...fields(reRegistered(shipment, input, now)) };
}

export function stoppedDoc(doc: ShipmentDoc, shipment: Shipment, reason: 'untracked' | 'expired', now: Date): ShipmentDoc {
  return { ...doc, ...fields(stopped(shipment, reason, now)) };
}

export function leased(doc: ShipmentDoc, owner: string, now: Date, leaseMs: number): ShipmentDoc {
  return { ...doc, lease: { owner, token: doc.lease.token + 1, until: new Date(now.getTime() + leaseMs) } };
}

/** Gives the lease back; the token stays, so an old holder can never match again. */
export function released(doc: ShipmentDoc): ShipmentDoc {
  return { ...doc, lease: leaseAfter(doc.lease, 'release') };
}

/** Drops the pending outbox entries that have been copied to the outbox collection. */
export function withoutPending(doc: ShipmentDoc, moved: ReadonlySet<string>): ShipmentDoc {
  return { ...doc, outboxPending: doc.outboxPending.filter((p) => !moved.has(p.id)) };
}
