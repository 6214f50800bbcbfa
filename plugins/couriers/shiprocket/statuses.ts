import { NO_CHANGE, type StatusTable } from 'waybill';
import { SHIPMENT_STATUS_CODES } from './codes.js';

/**
 * Every Shiprocket status — the text of `current_status` / `sr-status-label`, and the label of every
 * documented numeric code — and its canonical meaning. Rows marked [seed] are the old system's mapping as
 * the seed gives it, [seedDoc] as its own "Status Mapping Reference" gives it (spelled as there); the README
 * explains every other choice. Pre-pickup problems stay in `pending_pickup` with a substatus:
 * `exception` belongs to the forward phase, and the core's phase guard would then refuse the "Pickup
 * Generated" that usually follows.
 */
export const SHIPROCKET_STATUSES: StatusTable = [
  // Paperwork before anything physical happens: the shipment is already info_received when registered.
  { status: 'AWB Assigned', to: NO_CHANGE }, // [seedDoc]
  { status: 'Label Generated', to: NO_CHANGE }, // [seedDoc]
  { status: 'Manifest Generated', to: NO_CHANGE },
  { status: 'Shipment Booked', to: NO_CHANGE },
  { status: 'New', to: NO_CHANGE },
  { status: 'Invoiced', to: NO_CHANGE },
  { status: 'Ready To Ship', to: NO_CHANGE },
  { status: 'Pending', to: NO_CHANGE }, // [seed]
  { status: 'Cancellation Requested', to: NO_CHANGE }, // a request only; "Canceled" follows if granted
  // Shiprocket Fulfilment warehouse steps, still before the courier has the parcel.
  { status: 'FC Allocated', to: NO_CHANGE },
  { status: 'Picklist Generated', to: NO_CHANGE },
  { status: 'Ready to Pack', to: NO_CHANGE },
  { status: 'Box Packing', to: NO_CHANGE },
  { status: 'Packed', to: NO_CHANGE },
  { status: 'FC Manifest Generated', to: NO_CHANGE },
  { status: 'Processed at Warehouse', to: NO_CHANGE },
  { status: 'Packed Exception', to: 'pending_pickup', substatus: 'packed_exception' },
  { status: 'Handover Exception', to: 'pending_pickup', substatus: 'handover_exception' },

  // Pickup requested from the courier.
  // The reference's PICKUP_SCHEDULED is no change; code 3 and its other spellings are the same step.
  { status: 'Pickup Scheduled/Generated', to: NO_CHANGE },
  { status: 'Pickup Scheduled', to: NO_CHANGE }, // [seedDoc]
  { status: 'Pickup Generated', to: NO_CHANGE },
  { status: 'Pickup Queued', to: NO_CHANGE }, // [seedDoc]
  { status: 'Pickup Booked', to: NO_CHANGE },
  { status: 'Pickup Rescheduled', to: NO_CHANGE }, // [seedDoc]
  { status: 'Pickup Error', to: NO_CHANGE }, // [seedDoc]
  { status: 'Pickup Exception', to: 'pending_pickup', substatus: 'pickup_exception' },
  { status: 'QC Failed', to: 'pending_pickup', substatus: 'qc_failed' },
  { status: 'Out For Pickup', to: NO_CHANGE }, // [seed]

  // Hyperlocal riders.
  { status: 'Searching for Rider', to: 'pending_pickup', substatus: 'searching_for_rider' },
  { status: 'Rider Unassigned', to: 'pending_pickup', substatus: 'rider_unassigned' },
  { status: 'Rider Assigned', to: 'driver_assigned' },
  { status: 'Rider Reached at Drop', to: 'out_for_delivery', substatus: 'rider_at_drop' },

  // Forward journey.
  { status: 'Shipped', to: NO_CHANGE }, // [seed]
  { status: 'Picked Up', to: 'in_transit' }, // [seed] (not picked_up: the seed's choice is kept)
  { status: 'In Transit', to: 'in_transit' }, // [seed]
  { status: 'RECEIVED_AT_ORIGIN', to: 'in_transit' }, // [seedDoc]
  { status: 'IN_TRANSIT_TO_NEXT_FACILITY', to: 'in_transit' }, // [seedDoc]
  { status: 'DISPATCHED', to: 'in_transit' }, // [seedDoc]
  { status: 'REACHED_DEST_CITY', to: 'in_transit' }, // [seedDoc]
  { status: 'Handover to Courier', to: 'in_transit', substatus: 'handover_to_courier' },
  { status: 'Reached Warehouse', to: 'in_transit', substatus: 'reached_warehouse' },
  { status: 'Custom Cleared', to: 'in_transit', substatus: 'customs_cleared' },
  { status: 'In Flight', to: 'in_transit', substatus: 'in_flight' },
  { status: 'In Transit Overseas', to: 'in_transit', substatus: 'in_transit_overseas' },
  { status: 'Connection Aligned', to: 'in_transit', substatus: 'connection_aligned' },
  { status: 'Reached Overseas Warehouse', to: 'in_transit', substatus: 'reached_overseas_warehouse' },
  { status: 'Custom Cleared Overseas', to: 'in_transit', substatus: 'customs_cleared_overseas' },
  { status: 'Reached at Destination Hub', to: 'in_transit', substatus: 'reached_destination_hub' },
  { status: 'Reached Destination Hub', to: 'in_transit', substatus: 'reached_destination_hub' },
  { status: 'Reached at Destination', to: 'in_transit', substatus: 'reached_destination_hub' },
  { status: 'In Transit-At Destination Hub', to: 'in_transit', substatus: 'reached_destination_hub' },
  { status: 'Delayed', to: 'exception', substatus: 'delayed' },
  { status: 'Misrouted', to: 'exception', substatus: 'misrouted' },
  { status: 'Partial Delivered', to: 'exception', substatus: 'partial_delivered' },
  { status: 'Out For Delivery', to: 'out_for_delivery' }, // [seed]

  // Failed delivery attempts (NDR).
  { status: 'NDR', to: 'delivery_failed' }, // [seedDoc]
  { status: 'FAILED_DELIVERY', to: 'delivery_failed' }, // [seedDoc]
  { status: 'Undelivered', to: 'delivery_failed' },
  { status: 'Undelivered 1st Attempt', to: 'delivery_failed', substatus: 'attempt_1' },
  { status: 'Undelivered 2nd Attempt', to: 'delivery_failed', substatus: 'attempt_2' },
  { status: 'Undelivered 3rd Attempt', to: 'delivery_failed', substatus: 'attempt_3' },
  { status: 'Undelivered Attempt Failure', to: 'delivery_failed' },
  { status: 'Issue Related to the Recipient', to: 'delivery_failed', substatus: 'recipient_issue' },

  // Delivered.
  { status: 'Delivered', to: 'delivered' }, // [seed]
  { status: 'Fulfilled', to: 'delivered', substatus: 'fulfilled' },
  { status: 'Self Fulfilled', to: 'delivered', substatus: 'self_fulfilled' },

  // Return to origin.
  { status: 'RTO', to: 'rto_initiated' }, // [seed]
  { status: 'RTO Initiated', to: 'rto_initiated' }, // [seed]
  { status: 'RTO Lock', to: 'rto_initiated', substatus: 'rto_lock' },
  { status: 'RTO In Transit', to: 'rto_in_transit' }, // [seed]
  { status: 'RTO In Intransit', to: 'rto_in_transit' },
  { status: 'RTO OFD', to: 'rto_in_transit', substatus: 'rto_out_for_delivery' }, // [seed]
  { status: 'RTO_OUT_FOR_DELIVERY', to: 'rto_in_transit', substatus: 'rto_out_for_delivery' }, // [seedDoc]
  { status: 'RTO NDR', to: 'rto_in_transit', substatus: 'rto_ndr' },
  { status: 'Reached Back at Seller City', to: 'rto_in_transit', substatus: 'reached_seller_city' },
  { status: 'RTO Rejected', to: 'rto_in_transit', substatus: 'rto_rejected' },
  { status: 'RTO Delivered', to: 'rto_delivered' },
  { status: 'RTO Acknowledged', to: 'rto_delivered', substatus: 'rto_acknowledged' },

  // Ends without delivery.
  { status: 'Canceled', to: 'cancelled' },
  { status: 'Cancelled', to: 'cancelled' }, // [seed]
  { status: 'Cancelled Before Dispatched', to: 'cancelled' },
  { status: 'Not Picked', to: 'cancelled' }, // [seed]
  { status: 'CANCELED_BY_SELLER', to: 'cancelled' }, // [seedDoc]
  { status: 'Lost', to: 'lost' }, // [seed]
  { status: 'Untraceable', to: 'lost' }, // [seed]
  { status: 'MISSING', to: 'lost' }, // [seedDoc]
  { status: 'Destroyed', to: 'destroyed' }, // [seed]
  { status: 'Disposed Off', to: 'destroyed' }, // [seed]
  { status: 'Disposed Of', to: 'destroyed' },
  { status: 'Damaged', to: 'destroyed', substatus: 'damaged' },
];

/** Text statuses documented outside the numeric code list: seed, doc examples, Shiprocket's knowledge base. */
const TEXT_STATUSES = [
  // [seed] as the old system spells them (normalized forms)
  'SHIPPED', 'PENDING', 'OUT_FOR_PICKUP', 'IN_TRANSIT', 'PICKED_UP', 'OUT_FOR_DELIVERY', 'DELIVERED', 'RTO',
  'RTO_INITIATED', 'RTO_IN_TRANSIT', 'RTO_OFD', 'CANCELLED', 'NOT_PICKED', 'LOST', 'UNTRACEABLE', 'DESTROYED',
  'DISPOSED_OFF',
  // [seedDoc] the old system's Status Mapping Reference, beyond the seed's list (normalized forms)
  'PICKUP_RESCHEDULED', 'PICKUP_ERROR', 'AWB_ASSIGNED', 'LABEL_GENERATED', 'PICKUP_SCHEDULED', 'PICKUP_QUEUED',
  'REACHED_DEST_CITY', 'REACHED_AT_DESTINATION', 'RECEIVED_AT_ORIGIN', 'IN_TRANSIT_TO_NEXT_FACILITY', 'DISPATCHED', 'NDR',
  'FAILED_DELIVERY', 'RTO_DELIVERED', 'RTO_OUT_FOR_DELIVERY', 'CANCELED_BY_SELLER', 'MISSING',
  // [doc] current_status / sr-status-label values in the API examples
  'Pickup Generated', 'PICKED UP', 'REACHED AT DESTINATION HUB', 'OUT FOR DELIVERY', 'IN TRANSIT',
  // [doc] knowledge base and panel vocabulary
  'Pickup Scheduled', 'New', 'Invoiced', 'Ready To Ship', 'In-Transit', 'Reached-at-Destination Hub', 'RTO-NDR',
  'RTO-OFD', 'RTO Rejected', 'Disposed Of', 'Undelivered 1st Attempt', 'Undelivered 2nd Attempt',
  'Undelivered 3rd Attempt',
  // [code] spellings seen in real responses and client code
  'CANCELED', 'UNDELIVERED-1ST ATTEMPT', 'UNDELIVERED-2ND ATTEMPT', 'UNDELIVERED-3RD ATTEMPT',
  'UNDELIVERED ATTEMPT FAILURE', 'REACHED DESTINATION HUB', 'IN TRANSIT-AT DESTINATION HUB',
  'REACHED BACK AT_SELLER_CITY', 'Reached at Destination', 'RTO In Intransit', 'Partial_Delivered',
];

/** Every raw status Shiprocket documents (code labels first, then text statuses); Shiprocket has no status type. */
export const DOCUMENTED_STATUSES: readonly { status: string; type?: string }[] = [
  ...Object.values(SHIPMENT_STATUS_CODES),
  ...TEXT_STATUSES,
].map((status) => ({ status }));
