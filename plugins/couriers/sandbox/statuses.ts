import { NO_CHANGE, type StatusTable } from '../../../core/courier/status-table.js';

/** Every status the sandbox API documents (see README), and its canonical meaning. */
export const SANDBOX_STATUSES: StatusTable = [
  { status: 'LABEL_CREATED', to: 'info_received' },
  { status: 'MANIFEST_UPDATED', to: NO_CHANGE },
  { status: 'AWAITING_PICKUP', to: 'pending_pickup' },
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
