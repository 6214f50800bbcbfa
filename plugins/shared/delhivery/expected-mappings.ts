/**
 * Test data: what each Delhivery status must become (null = no change), written independently of the
 * tables in legacy-statuses.ts and lifecycle-statuses.ts, so a changed row there fails the plugin tests.
 */
const GROUPS: Record<string, string[]> = {
  no_change: [
    'PICK_UP_PENDING', 'MANIFESTED', 'WAITING_PICKUP', 'PICKUP_QUEUED', 'PICKUP_RESCHEDULED', 'PICK_REQUESTED',
    'SHIPMENT_BOOKED', 'Scheduled', 'Open', 'PICKUP', 'Manifest uploaded', 'Pending', 'weight captured',
    'Package details changed by shipper', 'Package details changed by Delhivery', 'Pincode updated by Addfix',
  ],
  in_transit: [
    'IN_TRANSIT', 'PICKED_UP', 'DISPATCHED', 'RECEIVED_AT_ORIGIN', 'REACHED_AT_DESTINATION', 'BAGGED', 'RECEIVED',
    'ADDED_TO_BAG', 'CONNECTION_ALLOCATED', 'IN_TRANSIT_TO', 'PICKUP_COMPLETE', 'SHIPPED', 'IN_TRANSIT_TO_NEXT_FACILITY',
    'LEFT_ORIGIN', 'REACH_DESTINATION', 'Shipment picked up', 'Pickup completed', 'Shipment Recieved at Origin Center',
    'Bag Added To Trip', 'Vehicle Departed', 'Trip Arrived', 'Bag Received at Facility', 'Shipment Received at Facility',
  ],
  out_for_delivery: ['OFD', 'OUT_FOR_DELIVERY'],
  delivery_failed: ['NDR', 'FAILED_DELIVERY', 'UNDELIVERED', 'UNDEL_REATTEMPT', 'Consignee Unavailable'],
  exception: ['PART_DEL'],
  delivered: ['DELIVERED', 'SHIPMENT_DELIVERED', 'Delivered to consignee', 'DTO', 'Collected'],
  rto_initiated: ['RTO', 'RETURNED', 'OUT_FOR_RETURN', 'Returned as per Client Instructions'],
  rto_in_transit: [
    'RTO_IN_TRANSIT', 'RETURNED_INTRANSIT', 'RTO_IN_INTRANSIT', 'RTO_OUT_FOR_DELIVERY', 'RTO_OFD',
    'RECEIVED_AT_RETURN_CENTER', 'RETURN_OFD',
  ],
  rto_delivered: ['RTO_DELIVERED', 'RETURNED_TO_ORIGIN', 'RTO_COMPLETED', 'RETURN_DELIVERED'],
  cancelled: ['NOT_PICKED', 'CANCELLED', 'Canceled', 'BOOKING_CANCELLED', 'Closed'],
  lost: ['LOST', 'MISSING', 'UNTRACEABLE', 'Shipment LOST', 'Package marked as lost'],
  destroyed: ['DESTROYED', 'DISPOSED_OFF', 'DAMAGED'],
};

export const LEGACY_EXPECTED: ReadonlyMap<string, string | null> = new Map(
  Object.entries(GROUPS).flatMap(([to, statuses]) => statuses.map((s) => [s, to === 'no_change' ? null : to] as const)),
);

/**
 * Delhivery B2B updates on every status (seed: "noChange=false for ALL statuses"): where the legacy
 * table keeps the status, B2B moves to these (Pending: no pickup date, so still waiting for pickup).
 * The four scans that say nothing about the shipment's state stay no change.
 */
const B2B_INSTEAD_OF_NO_CHANGE: Record<string, string[]> = {
  pending_pickup: [
    'PICK_UP_PENDING', 'MANIFESTED', 'WAITING_PICKUP', 'PICKUP_QUEUED', 'PICKUP_RESCHEDULED', 'PICK_REQUESTED',
    'SHIPMENT_BOOKED', 'Scheduled', 'Open', 'PICKUP', 'Manifest uploaded', 'Pending',
  ],
};

export const B2B_EXPECTED: ReadonlyMap<string, string | null> = new Map<string, string | null>([
  ...LEGACY_EXPECTED,
  ...Object.entries(B2B_INSTEAD_OF_NO_CHANGE).flatMap(([to, statuses]) => statuses.map((s) => [s, to] as const)),
]);

/** StatusType|Status → outcome for the Package Lifecycle rows; UD|Pending is each plugin's own rule. */
export const LIFECYCLE_EXPECTED: ReadonlyMap<string, string | null> = new Map(
  Object.entries({
    'UD|Manifested': null,
    'UD|Not Picked': 'cancelled',
    'UD|In Transit': 'in_transit',
    'UD|Dispatched': 'out_for_delivery',
    'RT|In Transit': 'rto_in_transit',
    'RT|Pending': 'rto_in_transit',
    'RT|Dispatched': 'rto_in_transit',
    'DL|Delivered': 'delivered',
    'DL|RTO': 'rto_delivered',
    'DL|DTO': 'delivered',
    'PP|Open': 'pending_pickup',
    'PP|Scheduled': 'pending_pickup',
    'PP|Dispatched': 'driver_assigned',
    'PU|In Transit': 'in_transit',
    'PU|Pending': 'in_transit',
    'PU|Dispatched': 'out_for_delivery',
    'CN|Canceled': 'cancelled',
    'CN|Closed': 'cancelled',
    'CN|Cancelled': 'cancelled',
    'LT|Lost': 'lost',
  }),
);

/** Closed statuses Delhivery documents without a StatusType: the same outcome under any type (B2C). */
export const CLOSED_ANY_TYPE_EXPECTED: ReadonlyMap<string, string> = new Map([
  ['Cancelled', 'cancelled'],
  ['Collected', 'delivered'],
]);
