import type { StatusChange } from '../effects/contract.js';
import type { HistoryEntry, Shipment, Transition } from '../store/types.js';

/** The number a return shipment is the return of. */
export const originalOf = (shipment: Shipment) => shipment.links.find((l) => l.relation === 'return_of')?.trackingNumber;

type Author = { source: 'courier'; updatedBy: null } | { source: 'manual' | 'correction'; updatedBy: string };

/** The message effects receive when `shipment` moves to `transition` (whoever moved it). */
export function statusChange(shipment: Shipment, transition: Transition, author: Author): StatusChange {
  return {
    type: 'shipment.status_changed',
    shipmentId: shipment.id,
    courier: shipment.courier,
    trackingNumber: shipment.trackingNumber,
    orderId: shipment.orderId,
    reference: shipment.reference,
    metadata: shipment.metadata,
    registeredAt: shipment.createdAt,
    returnOf: originalOf(shipment) ?? null,
    from: shipment.status,
    to: transition.status,
    fromSubstatus: shipment.substatus,
    substatus: transition.substatus,
    rawStatus: transition.rawStatus,
    at: transition.at.toISOString(),
    ...author,
  };
}

/**
 * `shipment` in its new status: the status, its substatus, and the first time the status was seen (kept
 * from an earlier visit), with the history entry that records the move.
 */
export function moved(
  shipment: Shipment,
  transition: Transition,
  entry: Pick<HistoryEntry, 'source' | 'updatedBy' | 'notes'>,
  now: Date,
): { next: Shipment; history: HistoryEntry } {
  const at = transition.at.toISOString();
  return {
    next: {
      ...shipment,
      status: transition.status,
      substatus: transition.substatus,
      statusFirstSeen: { ...shipment.statusFirstSeen, [transition.status]: shipment.statusFirstSeen[transition.status] ?? at },
    },
    history: { status: transition.status, substatus: transition.substatus, rawStatus: transition.rawStatus, at, recordedAt: now.toISOString(), ...entry },
  };
}
