import { firstCheckAt, type HistoryEntry, type Shipment, type ShipmentInput } from '../store/types.js';

/** A shipment as first registered: `info_received`, due at its first check time, with the registration in its history. */
export function newShipment(input: ShipmentInput, id: string, now: Date): { shipment: Shipment; history: HistoryEntry } {
  const at = now.toISOString();
  return {
    shipment: {
      id,
      courier: input.courier,
      trackingNumber: input.trackingNumber,
      orderId: input.orderId ?? null,
      reference: input.reference ?? null,
      metadata: input.metadata ?? {},
      origin: input.origin ?? 'api',
      status: 'info_received',
      substatus: null,
      rawStatus: null,
      statusFirstSeen: { info_received: at },
      lastEventAt: null,
      lastCheckedAt: null,
      nextCheckAt: firstCheckAt(input, now).toISOString(),
      consecutiveFailures: 0,
      lastError: null,
      active: true,
      inactiveReason: null,
      eta: null,
      location: null,
      driver: null,
      links: input.links ?? [],
      master: input.master ?? null,
      createdAt: at,
      trackingSince: at,
      updatedAt: at,
    },
    history: { status: 'info_received', substatus: null, rawStatus: null, at, recordedAt: at, source: 'registration', updatedBy: null, notes: null },
  };
}

/** A known tracking number registered for another order than the one it is tracked for, without saying it moves. */
export class OrderIdConflict extends Error {
  constructor(
    readonly shipment: Pick<Shipment, 'courier' | 'trackingNumber' | 'orderId'>,
    readonly requestedOrderId: string,
  ) {
    super(
      `${shipment.courier} ${shipment.trackingNumber} is tracked for order ${shipment.orderId}, not ${requestedOrderId}; ` +
        'send "update": true to move it to the new order',
    );
    this.name = 'OrderIdConflict';
  }
}

/** Throws OrderIdConflict when `input` refuses order id changes and names another order than the stored one. */
export function assertOrderIdKept(current: Shipment, input: ShipmentInput): void {
  if (!input.refuseOrderIdChange || !input.orderId || current.orderId === null || current.orderId === input.orderId) return;
  throw new OrderIdConflict(current, input.orderId);
}

/**
 * A known shipment registered again: what the input gives replaces what is stored, and a shipment that
 * expired or whose source had untracked it is tracked again from now. An order id change the input refuses
 * throws OrderIdConflict, so the store's write of the batch fails as a whole.
 */
export function reRegistered(current: Shipment, input: ShipmentInput, now: Date): Shipment {
  assertOrderIdKept(current, input);
  const next: Shipment = {
    ...current,
    orderId: input.orderId ?? current.orderId,
    reference: input.reference ?? current.reference,
    metadata: input.metadata ?? current.metadata,
    master: input.master ?? current.master,
    updatedAt: now.toISOString(),
  };
  if (current.inactiveReason !== 'expired' && current.inactiveReason !== 'untracked') return next;
  return { ...next, active: true, inactiveReason: null, trackingSince: now.toISOString(), nextCheckAt: firstCheckAt(input, now).toISOString(), consecutiveFailures: 0 };
}

/** Taken out of tracking without a check: its source no longer wants it, or it is past its maximum age. */
export function stopped(current: Shipment, reason: 'untracked' | 'expired', now: Date): Shipment {
  return { ...current, active: false, inactiveReason: reason, updatedAt: now.toISOString() };
}
