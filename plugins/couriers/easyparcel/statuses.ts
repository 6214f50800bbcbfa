import type { StatusTable } from 'waybill';
import { CODES_2025_09, CODES_2026_03, OTHER_TEXTS } from './vocabulary.js';

/**
 * EasyParcel's status texts → canonical statuses (README "Statuses" gives the reasons). Rows are texts,
 * never codes: the adapter turns a text the table does not know into its code's text where the code is
 * unambiguous (raw-status.ts).
 */
export const EASYPARCEL_STATUSES: StatusTable = [
  // 2025-09 code table [doc]
  { status: 'Order Created', to: 'info_received' },
  // Paid: the courier is booked and collection is awaited (the 2026-03 table's code 2 says "To Be Collected").
  { status: 'Payment Confirmed', to: 'pending_pickup' },
  { status: 'Ready for Collection', to: 'pending_pickup', substatus: 'ready_for_collection' },
  { status: 'Item Collected', to: 'in_transit' },
  { status: 'In Transit to Hub', to: 'in_transit' },
  { status: 'Processing at Hub', to: 'in_transit' },
  // EasyParcel arranging the courier's collection; the samples show courier hand-over scans after it.
  { status: 'Schedule In Arrangement', to: 'pending_pickup' },
  { status: 'Out for Delivery', to: 'out_for_delivery' },
  { status: 'Delivered', to: 'delivered' },
  { status: 'Delivery Failed', to: 'delivery_failed' },
  { status: 'Return to Sender', to: 'rto_initiated' },
  // 2026-03 / legacy code table [doc] ("Delivered" and "Schedule In Arrangement" are above)
  { status: 'Cancel', to: 'cancelled' },
  { status: 'To Be Collected', to: 'pending_pickup' },
  { status: 'Collected', to: 'in_transit' },
  { status: 'Delivery In Transit', to: 'in_transit' },
  { status: 'Parcel collected by recipient', to: 'delivered' },
  // Past tense: back with the sender (AfterShip's "returned to sender (received)"); "Return to Sender" starts it.
  { status: 'Returned', to: 'rto_delivered' },
  { status: 'On Hold', to: 'exception', substatus: 'on_hold' },
  // Handed in at a drop-off point (EasyParcel sells "(Drop-Off)" services): in the courier's hands.
  { status: 'Drop Off', to: 'in_transit', substatus: 'dropped_off' },
  // The 2025-09 error example's current status [doc]
  { status: 'Cancelled', to: 'cancelled' },
];

/** Every status text the documentation prints: both code tables and the texts outside them. */
export const DOCUMENTED_STATUSES: readonly string[] = [
  ...new Set([...Object.values(CODES_2025_09), ...Object.values(CODES_2026_03), ...OTHER_TEXTS]),
];
