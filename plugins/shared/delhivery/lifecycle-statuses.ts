import { NO_CHANGE, type StatusTable } from 'waybill';

/**
 * Delhivery's "Package Lifecycle": a Status only means something together with its StatusType
 * (direction). Sources: delhivery-express-api-doc.readme.io/reference/{package-lifecycle-1,
 * prepaid-and-cod-shipments, reverse-pickups} [doc]; LT/Lost from live captures and Delhivery's own QA
 * suite [code]. `UD + Pending` is not here: its meaning depends on data only the B2C API returns (the
 * pickup date), so each plugin decides it (see delhivery-b2c/statuses.ts).
 */
export const LIFECYCLE_STATUSES: StatusTable = [
  // Forward (UD = undelivered, still on its way)
  { type: 'UD', status: 'Manifested', to: NO_CHANGE }, // [seed] noChange: soft data only, nothing physical
  { type: 'UD', status: 'Not Picked', to: 'cancelled', substatus: 'not_picked' }, // [seed] booking_cancelled
  { type: 'UD', status: 'In Transit', to: 'in_transit' },
  { type: 'UD', status: 'Dispatched', to: 'out_for_delivery' },
  // Return to origin (RT): same words as forward, opposite direction
  { type: 'RT', status: 'In Transit', to: 'rto_in_transit' },
  { type: 'RT', status: 'Pending', to: 'rto_in_transit', substatus: 'at_origin_dc' },
  { type: 'RT', status: 'Dispatched', to: 'rto_in_transit', substatus: 'out_for_return_delivery' },
  // Closed (DL)
  { type: 'DL', status: 'Delivered', to: 'delivered' },
  { type: 'DL', status: 'RTO', to: 'rto_delivered' },
  // DTO closes a reverse pickup: the return reached the client, which is that shipment's destination.
  // It is a completed delivery, not a failed forward journey, so RTO effects must not fire for it.
  { type: 'DL', status: 'DTO', to: 'delivered', substatus: 'delivered_to_origin' },
  // Reverse pickups (PP = pickup pending, PU = picked up, CN = cancelled)
  { type: 'PP', status: 'Open', to: 'pending_pickup' },
  { type: 'PP', status: 'Scheduled', to: 'pending_pickup', substatus: 'pickup_scheduled' },
  { type: 'PP', status: 'Dispatched', to: 'driver_assigned' }, // "FE is out in field to collect this package"
  { type: 'PU', status: 'In Transit', to: 'in_transit' },
  { type: 'PU', status: 'Pending', to: 'in_transit', substatus: 'at_return_center' },
  { type: 'PU', status: 'Dispatched', to: 'out_for_delivery', substatus: 'to_client' },
  { type: 'CN', status: 'Canceled', to: 'cancelled' },
  { type: 'CN', status: 'Closed', to: 'cancelled', substatus: 'request_closed' },
  { type: 'CN', status: 'Cancelled', to: 'cancelled' }, // Delhivery QA suite: forward cancel is CN/Cancelled [code]
  { type: 'LT', status: 'Lost', to: 'lost' }, // live capture LT/LOST, QA suite LT-100 "Shipment LOST" [code]
];

/** Every StatusType + Status pair the sources above show, including UD + Pending. */
export const LIFECYCLE_DOCUMENTED: readonly { type: string; status: string }[] = [
  ...LIFECYCLE_STATUSES.map((r) => ({ type: r.type!, status: r.status })),
  { type: 'UD', status: 'Pending' },
];
