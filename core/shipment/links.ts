import { isTerminal } from '../statuses.js';
import type { Shipment, ShipmentInput, ShipmentLink, Transition } from '../store/types.js';
import type { CheckUpdate, OutboxFor } from './check.js';
import { moved, statusChange } from './status-change.js';

/** The `origin` of a shipment Waybill started tracking because the courier named it as another's return. */
export const RETURN_ORIGIN = 'return';

/** `current` with the links it lacks from `added` (a link is its number and relation). */
export function mergeLinks(current: readonly ShipmentLink[], added: readonly ShipmentLink[] | undefined): ShipmentLink[] {
  const merged = [...current];
  for (const link of added ?? []) {
    if (!merged.some((l) => l.trackingNumber === link.trackingNumber && l.relation === link.relation)) merged.push(link);
  }
  return merged;
}

export const returnsOf = (shipment: Shipment) => shipment.links.filter((l) => l.relation === 'return').map((l) => l.trackingNumber);

/** The return of `original` under `trackingNumber`: same courier and order, tracked from now, linked back. */
export function returnShipment(original: Shipment, trackingNumber: string): ShipmentInput {
  return {
    courier: original.courier,
    trackingNumber,
    orderId: original.orderId,
    reference: original.reference,
    metadata: original.metadata,
    origin: RETURN_ORIGIN,
    links: [{ trackingNumber: original.trackingNumber, relation: 'return_of' }],
  };
}

/** `shipment` knowing it is the return of `original` (a return that was tracked before the courier linked it). */
export function linkedAsReturn(shipment: Shipment, original: string, now: Date): CheckUpdate | null {
  const links = mergeLinks(shipment.links, [{ trackingNumber: original, relation: 'return_of' }]);
  if (links.length === shipment.links.length) return null;
  return { next: { ...shipment, links, updatedAt: now.toISOString() }, history: [], events: [], outbox: [], lease: 'keep', change: null };
}

/**
 * The original once its return reached the shipper: rto_delivered as of the return's delivery, and no
 * longer polled. Whatever the original's own scans said last, the parcel is back; only a terminal original
 * (already rto_delivered, or an operator's decision) stays as it is.
 */
export function returnDelivered(original: Shipment, returned: Shipment, now: Date, outboxFor: OutboxFor): CheckUpdate | null {
  if (isTerminal(original.status)) return null;
  const at = new Date(returned.statusFirstSeen.delivered ?? returned.lastEventAt ?? now.toISOString());
  const transition: Transition = { status: 'rto_delivered', substatus: null, rawStatus: `return ${returned.trackingNumber} delivered`, at };
  const move = moved(original, transition, { source: 'courier', updatedBy: null, notes: `return shipment ${returned.trackingNumber} was delivered to the shipper` }, now);
  const change = statusChange(original, transition, { source: 'courier', updatedBy: null });
  return {
    next: { ...move.next, active: false, inactiveReason: 'terminal', nextCheckAt: null, updatedAt: now.toISOString() },
    history: [move.history],
    events: [],
    outbox: outboxFor(change),
    lease: 'fence',
    change,
  };
}
