import { NO_CHANGE, type StatusTable } from 'waybill';

/**
 * Every raw status Velocity documents (api-docs/shipment-status.md: forward, RTO and customer-return
 * families), every status of the old poller's Velocity table (seed 000), and the one its own "Status
 * Mapping Reference" adds (seedDoc: FAILED_ATTEMPT). Velocity has no status type:
 * the direction is part of the status name. Written as each source spells them; the core normalizes.
 */
export const DOCUMENTED_STATUSES: readonly { status: string; source: 'doc' | 'seed' | 'seedDoc' }[] = [
  ...[
    'pending', 'rejected', 'processing', 'ready_for_pickup', 'pickup_scheduled', 'not_picked', 'in_transit',
    'out_for_delivery', 'delivered', 'ndr_raised', 'need_attention', 'reattempt_delivery', 'cancelled', 'lost',
    'externally_fulfilled',
    'rto_initiated', 'rto_cancelled', 'rto_in_transit', 'rto_need_attention', 'rto_delivered', 'rto_lost',
    'return_rejected', 'return_pickup_scheduled', 'return_not_picked', 'return_in_transit', 'return_delivered',
    'return_cancelled', 'return_ndr_raised', 'return_need_attention', 'return_qc_failed', 'return_lost',
  ].map((status) => ({ status, source: 'doc' as const })),
  ...[
    'CANCELLED', 'NOT_PICKED', 'IN_TRANSIT', 'SHIPPED', 'PICKED_UP', 'MANIFEST_UPLOADED', 'OUT_FOR_DELIVERY',
    'DELIVERED', 'RTO', 'RTO_INITIATED', 'RTO_IN_TRANSIT', 'RETURN_TO_ORIGIN', 'NDR', 'UNDELIVERED', 'LOST',
    'MISSING', 'DAMAGED', 'DESTROYED',
  ].map((status) => ({ status, source: 'seed' as const })),
  { status: 'FAILED_ATTEMPT', source: 'seedDoc' },
  // A scan word of the docs' order-tracking example: activities are read through the table too.
  { status: 'OUT FOR PICKUP', source: 'doc' },
];

/** Substatus of the customer-return family: a reverse pickup is its own AWB, not a return to origin. */
const CUSTOMER_RETURN = 'customer_return';

/**
 * Raw status → canonical status. Where the documented and the seed spelling normalize to the same key
 * (in_transit / IN_TRANSIT …) there is one row. The README explains each non-obvious choice.
 */
export const VELOCITY_STATUSES: StatusTable = [
  // Forward journey [doc]
  { status: 'pending', to: 'info_received' }, // created, no courier assigned yet: nothing physical
  { status: 'rejected', to: 'cancelled', substatus: 'rejected' },
  { status: 'processing', to: NO_CHANGE }, // a bulk/system action in progress: says nothing about the parcel
  { status: 'ready_for_pickup', to: 'pending_pickup' },
  // A scan (activity) word, not a status [doc: the order-tracking example]: the courier is on the way to the seller.
  { status: 'OUT FOR PICKUP', to: 'pending_pickup', substatus: 'out_for_pickup' },
  { status: 'pickup_scheduled', to: 'pending_pickup' },
  { status: 'not_picked', to: 'cancelled', substatus: 'not_picked' }, // seed: NOT_PICKED → booking_cancelled
  { status: 'in_transit', to: 'in_transit' },
  { status: 'out_for_delivery', to: 'out_for_delivery' },
  { status: 'delivered', to: 'delivered' },
  { status: 'ndr_raised', to: 'delivery_failed' },
  { status: 'need_attention', to: 'exception', substatus: 'need_attention' },
  { status: 'reattempt_delivery', to: 'delivery_failed', substatus: 'reattempt_scheduled' },
  { status: 'cancelled', to: 'cancelled' },
  { status: 'lost', to: 'lost' },
  // Shipped by a carrier outside Velocity: no canonical meaning; the adapter stops tracking it.
  { status: 'externally_fulfilled', to: NO_CHANGE },

  // Return to origin [doc]
  { status: 'rto_initiated', to: 'rto_initiated' },
  { status: 'rto_cancelled', to: 'in_transit', substatus: 'rto_cancelled' }, // back on the forward journey
  { status: 'rto_in_transit', to: 'rto_in_transit' },
  { status: 'rto_need_attention', to: 'rto_in_transit', substatus: 'need_attention' },
  { status: 'rto_delivered', to: 'rto_delivered' },
  { status: 'rto_lost', to: 'lost', substatus: 'rto_lost' },

  // Customer return (reverse pickup) [doc]: the AWB's own journey from the customer to the warehouse
  { status: 'return_rejected', to: 'cancelled', substatus: CUSTOMER_RETURN },
  { status: 'return_pickup_scheduled', to: 'pending_pickup', substatus: CUSTOMER_RETURN },
  { status: 'return_not_picked', to: 'cancelled', substatus: CUSTOMER_RETURN },
  { status: 'return_in_transit', to: 'in_transit', substatus: CUSTOMER_RETURN },
  { status: 'return_delivered', to: 'delivered', substatus: CUSTOMER_RETURN },
  { status: 'return_cancelled', to: 'cancelled', substatus: CUSTOMER_RETURN },
  { status: 'return_ndr_raised', to: 'delivery_failed', substatus: CUSTOMER_RETURN },
  { status: 'return_need_attention', to: 'exception', substatus: CUSTOMER_RETURN },
  { status: 'return_qc_failed', to: 'exception', substatus: CUSTOMER_RETURN },
  { status: 'return_lost', to: 'lost', substatus: CUSTOMER_RETURN },

  // The old poller's table [seed] and its Status Mapping Reference [seedDoc] beyond the documented names
  { status: 'SHIPPED', to: 'in_transit' },
  { status: 'PICKED_UP', to: 'in_transit' },
  { status: 'MANIFEST_UPLOADED', to: NO_CHANGE },
  { status: 'RTO', to: 'rto_initiated' },
  { status: 'RETURN_TO_ORIGIN', to: 'rto_in_transit' },
  { status: 'NDR', to: 'delivery_failed' },
  { status: 'UNDELIVERED', to: 'delivery_failed' },
  { status: 'FAILED_ATTEMPT', to: 'delivery_failed' }, // [seedDoc] ndr
  { status: 'MISSING', to: 'lost' },
  { status: 'DAMAGED', to: 'destroyed', substatus: 'damaged' },
  { status: 'DESTROYED', to: 'destroyed' },
];

/** Statuses after which Velocity will never report anything more about the AWB. */
export const STOP_TRACKING_STATUSES: ReadonlySet<string> = new Set(['EXTERNALLY_FULFILLED']);
