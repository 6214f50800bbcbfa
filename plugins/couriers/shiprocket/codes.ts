/**
 * Shiprocket's numeric shipment status codes (`tracking_data.shipment_status`, each activity's `sr-status`)
 * and their labels as Shiprocket spells them. Source: the same list in several independent client repos,
 * confirmed by the doc examples (sr-status 5, 6, 17, 18, 38, 42 with their labels) — see README.
 * Codes 28–37, 53, 58, 64–66, 69, 70, 73, 74 appear in no credible source and are left out on purpose; lists
 * that number 27 "Reached At Destination Hub" or 33 "RTO In Transit" contradict the doc examples.
 */
export const SHIPMENT_STATUS_CODES: Readonly<Record<number, string>> = {
  1: 'AWB Assigned',
  2: 'Label Generated',
  3: 'Pickup Scheduled/Generated',
  4: 'Pickup Queued',
  5: 'Manifest Generated',
  6: 'Shipped',
  7: 'Delivered',
  8: 'Canceled',
  9: 'RTO Initiated',
  10: 'RTO Delivered',
  11: 'Pending',
  12: 'Lost',
  13: 'Pickup Error',
  14: 'RTO Acknowledged',
  15: 'Pickup Rescheduled',
  16: 'Cancellation Requested',
  17: 'Out For Delivery',
  18: 'In Transit',
  19: 'Out For Pickup',
  20: 'Pickup Exception',
  21: 'Undelivered',
  22: 'Delayed',
  23: 'Partial Delivered',
  24: 'Destroyed',
  25: 'Damaged',
  26: 'Fulfilled',
  27: 'Pickup Booked',
  38: 'Reached at Destination Hub',
  39: 'Misrouted',
  40: 'RTO NDR',
  41: 'RTO OFD',
  42: 'Picked Up',
  43: 'Self Fulfilled',
  44: 'Disposed Off',
  45: 'Cancelled Before Dispatched',
  46: 'RTO In Transit',
  47: 'QC Failed',
  48: 'Reached Warehouse',
  49: 'Custom Cleared',
  50: 'In Flight',
  51: 'Handover to Courier',
  52: 'Shipment Booked',
  54: 'In Transit Overseas',
  55: 'Connection Aligned',
  56: 'Reached Overseas Warehouse',
  57: 'Custom Cleared Overseas',
  59: 'Box Packing',
  60: 'FC Allocated',
  61: 'Picklist Generated',
  62: 'Ready to Pack',
  63: 'Packed',
  67: 'FC Manifest Generated',
  68: 'Processed at Warehouse',
  71: 'Handover Exception',
  72: 'Packed Exception',
  75: 'RTO Lock',
  76: 'Untraceable',
  77: 'Issue Related to the Recipient',
  78: 'Reached Back at Seller City',
  // Hyperlocal (one source only; it lists 81 as a second "Rider Assigned", kept as it says).
  79: 'Rider Assigned',
  80: 'Rider Unassigned',
  81: 'Rider Assigned',
  82: 'Rider Reached at Drop',
  83: 'Searching for Rider',
};

/** `7` or `"7"` → its integer code; anything else (including Shiprocket's "NA") → undefined. */
export function parseStatusCode(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The raw status to use for a numeric code: its documented label, or `status code <n>` for a code no source
 * documents, so it reaches the core as a visible unmapped status instead of vanishing.
 */
export function statusForCode(code: number): string {
  return SHIPMENT_STATUS_CODES[code] ?? `status code ${code}`;
}
