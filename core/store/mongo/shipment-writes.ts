import { isTerminal } from '../../statuses.js';
import { firstCheckAt, type CheckWrite, type ManualUpdate, type OutboxInput, type ShipmentInput, type Transition } from '../types.js';
import { freeLease, newId, type HistoryDoc, type PendingOutboxDoc, type ShipmentDoc } from './documents.js';

/**
 * Pure functions: each takes the version of a shipment document that was read and returns the next
 * version. They never mutate their input, so a writer that loses a race can ask again with a fresh read.
 */

export function newShipmentDoc(input: ShipmentInput, id: string, now: Date): ShipmentDoc {
  return {
    _id: id,
    seq: 0,
    courier: input.courier,
    trackingNumber: input.trackingNumber,
    orderId: input.orderId ?? null,
    reference: input.reference ?? null,
    metadata: JSON.stringify(input.metadata ?? {}),
    origin: input.origin ?? 'api',
    status: 'info_received',
    substatus: null,
    rawStatus: null,
    statusFirstSeen: { info_received: now },
    lastEventAt: null,
    lastCheckedAt: null,
    nextCheckAt: firstCheckAt(input, now),
    consecutiveFailures: 0,
    lastError: null,
    active: true,
    inactiveReason: null,
    eta: null,
    location: null,
    createdAt: now,
    trackingSince: now,
    updatedAt: now,
    lease: freeLease(),
    history: [
      { status: 'info_received', substatus: null, rawStatus: null, at: now, recordedAt: now, source: 'registration', updatedBy: null, notes: null },
    ],
    outboxPending: [],
  };
}

/** Registering again: fills in what the input gives, and tracks an expired or untracked shipment again. */
export function refreshed(doc: ShipmentDoc, input: ShipmentInput, now: Date): ShipmentDoc {
  const next: ShipmentDoc = {
    ...doc,
    orderId: input.orderId ?? doc.orderId,
    reference: input.reference ?? doc.reference,
    metadata: input.metadata ? JSON.stringify(input.metadata) : doc.metadata,
    updatedAt: now,
  };
  if (doc.inactiveReason === 'expired' || doc.inactiveReason === 'untracked') {
    Object.assign(next, { active: true, inactiveReason: null, trackingSince: now, nextCheckAt: firstCheckAt(input, now), consecutiveFailures: 0 });
  }
  return next;
}

export function leased(doc: ShipmentDoc, owner: string, now: Date, leaseMs: number): ShipmentDoc {
  return { ...doc, lease: { owner, token: doc.lease.token + 1, until: new Date(now.getTime() + leaseMs) } };
}

/** Gives the lease back; the token stays, so an old holder can never match again. */
export function released(doc: ShipmentDoc): ShipmentDoc {
  return { ...doc, lease: { ...doc.lease, owner: null, until: null } };
}

function pending(outbox: readonly OutboxInput[], now: Date): PendingOutboxDoc[] {
  return outbox.map((o) => ({ id: newId(), effect: o.effect, dedupKey: o.dedupKey, payload: JSON.stringify(o.payload), queuedAt: now }));
}

/** A status change: the history entry, first-seen time and outbox entries travel in the same version. */
function transitioned(
  doc: ShipmentDoc,
  to: Transition,
  source: HistoryDoc['source'],
  who: { updatedBy: string | null; notes: string | null },
  outbox: readonly OutboxInput[],
  now: Date,
): ShipmentDoc {
  return {
    ...doc,
    status: to.status,
    substatus: to.substatus,
    statusFirstSeen: { ...doc.statusFirstSeen, [to.status]: doc.statusFirstSeen[to.status] ?? to.at },
    history: [...doc.history, { status: to.status, substatus: to.substatus, rawStatus: to.rawStatus, at: to.at, recordedAt: now, source, ...who }],
    outboxPending: [...doc.outboxPending, ...pending(outbox, now)],
  };
}

/**
 * The outcome of a check. The transition is applied only if it differs from the stored status, which is
 * what keeps consecutive duplicates out of the history when the same courier answer is applied twice.
 */
export function checked(doc: ShipmentDoc, write: CheckWrite, now: Date): { doc: ShipmentDoc; transitioned: boolean } {
  const changes = write.transition !== undefined && write.transition.status !== doc.status;
  const base = changes ? transitioned(doc, write.transition!, 'courier', { updatedBy: null, notes: null }, write.outbox ?? [], now) : doc;
  const lastEventAt =
    write.lastEventAt !== undefined && (doc.lastEventAt === null || doc.lastEventAt.getTime() < write.lastEventAt.getTime())
      ? write.lastEventAt
      : doc.lastEventAt;
  return {
    transitioned: changes,
    doc: {
      ...base,
      rawStatus: write.rawStatus ?? doc.rawStatus,
      lastCheckedAt: write.checkedAt,
      nextCheckAt: write.nextCheckAt,
      consecutiveFailures: write.consecutiveFailures,
      lastError: write.lastError,
      active: write.active,
      inactiveReason: write.inactiveReason,
      eta: write.eta ?? doc.eta,
      location: write.location ?? doc.location,
      lastEventAt,
      updatedAt: now,
      lease: { ...doc.lease, owner: null, until: null },
    },
  };
}

/** A status set by a person: always recorded; a terminal one stops tracking, another one resumes it now. */
export function manuallySet(doc: ShipmentDoc, update: ManualUpdate, outbox: readonly OutboxInput[]): ShipmentDoc {
  const to: Transition = { status: update.status, substatus: null, rawStatus: null, at: update.at };
  const next = transitioned(doc, to, 'manual', { updatedBy: update.updatedBy, notes: update.notes }, outbox, update.at);
  const terminal = isTerminal(update.status);
  return {
    ...next,
    active: !terminal,
    inactiveReason: terminal ? 'terminal' : null,
    nextCheckAt: terminal ? doc.nextCheckAt : update.at,
    updatedAt: update.at,
    // Fences out a check in flight: it read the shipment before this update and would judge by stale state.
    lease: { owner: null, token: doc.lease.token + 1, until: null },
  };
}

export function stopped(doc: ShipmentDoc, reason: 'untracked' | 'expired', now: Date): ShipmentDoc {
  return { ...doc, active: false, inactiveReason: reason, updatedAt: now };
}

/** Drops the pending outbox entries that have been copied to the outbox collection. */
export function withoutPending(doc: ShipmentDoc, moved: ReadonlySet<string>): ShipmentDoc {
  return { ...doc, outboxPending: doc.outboxPending.filter((p) => !moved.has(p.id)) };
}
