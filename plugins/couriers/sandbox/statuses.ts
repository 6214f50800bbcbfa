import { NO_CHANGE, type StatusTable } from 'waybill';

/** Every status the sandbox API documents (README "Statuses"), as it spells them. */
export const DOCUMENTED_STATUSES = [
  'LABEL_CREATED',
  'MANIFEST_UPDATED',
  'AWAITING_PICKUP',
  'DRIVER_ASSIGNED',
  'PICKED_UP',
  'IN_TRANSIT',
  'ARRIVED_AT_HUB',
  'HELD',
  'OUT_FOR_DELIVERY',
  'DELIVERY_ATTEMPTED',
  'READY_FOR_COLLECTION',
  'DELIVERED',
  'RETURN_INITIATED',
  'RETURN_IN_TRANSIT',
  'RETURNED_TO_SENDER',
  'CANCELLED',
  'LOST',
  'DAMAGED',
] as const;

/** Each documented status and its canonical meaning. */
export const SANDBOX_STATUSES: StatusTable = [
  { status: 'LABEL_CREATED', to: 'info_received' },
  { status: 'MANIFEST_UPDATED', to: NO_CHANGE },
  { status: 'AWAITING_PICKUP', to: 'pending_pickup' },
  { status: 'DRIVER_ASSIGNED', to: 'driver_assigned' },
  { status: 'PICKED_UP', to: 'picked_up' },
  { status: 'IN_TRANSIT', to: 'in_transit' },
  { status: 'ARRIVED_AT_HUB', to: 'in_transit', substatus: 'arrived_at_hub' },
  { status: 'HELD', to: 'exception' },
  { status: 'OUT_FOR_DELIVERY', to: 'out_for_delivery' },
  { status: 'DELIVERY_ATTEMPTED', to: 'delivery_failed' },
  { status: 'READY_FOR_COLLECTION', to: 'available_for_pickup' },
  { status: 'DELIVERED', to: 'delivered' },
  { status: 'RETURN_INITIATED', to: 'rto_initiated' },
  { status: 'RETURN_IN_TRANSIT', to: 'rto_in_transit' },
  { status: 'RETURNED_TO_SENDER', to: 'rto_delivered' },
  { status: 'CANCELLED', to: 'cancelled' },
  { status: 'LOST', to: 'lost' },
  { status: 'DAMAGED', to: 'destroyed' },
];
