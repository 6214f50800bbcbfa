/**
 * EasyParcel's words for a shipment's status, as its documentation prints them. Two tables disagree about
 * what the numeric codes mean, and the 2025-09 page's own example contradicts its table (code 8 with the
 * text "Cancelled"), so the text is what Waybill maps; a code stands in only when the text says nothing.
 */

/** "Shipment Status Codes", 2025-09 tracking page [doc]: the API version this plugin calls. */
export const CODES_2025_09: Readonly<Record<number, string>> = {
  1: 'Order Created',
  2: 'Payment Confirmed',
  3: 'Ready for Collection',
  4: 'Item Collected',
  5: 'In Transit to Hub',
  6: 'Processing at Hub',
  7: 'Schedule In Arrangement',
  8: 'Out for Delivery',
  9: 'Delivered',
  10: 'Delivery Failed',
  11: 'Return to Sender',
};

/**
 * The same table as the 2026-03 tracking page prints it [doc] — the legacy API's codes ("0 Cancel,
 * 2 To Be Collected, 3 Collected …"), which the 2025-09 webhook example also follows (5 = delivered).
 */
export const CODES_2026_03: Readonly<Record<number, string>> = {
  0: 'Cancel',
  2: 'To Be Collected',
  3: 'Collected',
  4: 'Delivery In Transit',
  5: 'Delivered',
  6: 'Returned',
  7: 'Schedule In Arrangement',
  8: 'On Hold',
  11: 'Drop Off',
};

/**
 * Texts the pages show outside the tables: the error example's current status "Cancelled" (with code 8)
 * [doc], and the second wording of 2026-03's "Delivered / Parcel collected by recipient" [doc].
 */
export const OTHER_TEXTS: readonly string[] = ['Cancelled', 'Parcel collected by recipient'];
