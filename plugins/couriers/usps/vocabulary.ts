/**
 * USPS's raw words as the Tracking API v3 sends them, with where each was read (README "Sources"):
 * `statusCategory` values and Pub 199 scan event codes (`trackingEvents[].eventCode`).
 */

export type Source = 'code' | 'table' | '3p';

/** `statusCategory`: the small vocabulary the current status is keyed on (the text in `status` refines it). */
export const CATEGORIES: readonly { category: string; source: Source }[] = [
  { category: 'Pre-Shipment', source: '3p' },
  { category: 'Accepted', source: '3p' },
  // Also spelt "In-Transit"; the core's normalization makes both one key.
  { category: 'In Transit', source: '3p' },
  { category: 'Out for Delivery', source: '3p' },
  { category: 'Delivery Attempt', source: '3p' },
  // The usps.com status category of notices left, in a copy of USPS's extract table.
  { category: 'Delivery Attempt: Action Needed', source: '3p' },
  { category: 'Available for Pickup', source: '3p' },
  { category: 'Alert', source: '3p' },
  { category: 'Return to Sender', source: '3p' },
  { category: 'Delivered', source: 'code' },
];

/** Return-to-sender scans and their reasons: the return starts here (substatus = the reason). */
export const RETURN_CODES: Readonly<Record<string, string>> = {
  '09': 'return_to_sender',
  '21': 'no_such_number',
  '22': 'insufficient_address',
  '23': 'moved_left_no_address',
  '24': 'forward_expired',
  '25': 'addressee_unknown',
  '26': 'vacant',
  '27': 'unclaimed',
  '28': 'deceased',
  '29': 'return_other',
  '31': 'not_picked_up',
  '44': 'customer_recall',
};

/** A delivery attempt that did not deliver (substatus = why). */
export const ATTEMPT_CODES: Readonly<Record<string, string>> = {
  '02': 'notice_left',
  '52': 'notice_left',
  '53': 'receptacle_blocked',
  '54': 'receptacle_full',
  '55': 'no_secure_location',
  '56': 'no_authorized_recipient',
  '30': 'no_access',
  '51': 'business_closed',
  '04': 'refused',
  '05': 'undeliverable_as_addressed',
};

/** Delivery scans: `01` delivered, `17` picked up by agent, `43` picked up (at the Post Office). */
export const DELIVERY_CODES: readonly string[] = ['01', '17', '43'];

/**
 * Every scan code the table knows and how sure we are of it: `code` seen in a live USPS v3 answer (Karrio's
 * fixture), `table` in an open-source client's Pub 199 lookup table only, `3p` in an aggregator's list only.
 */
export const EVENT_CODES: readonly { code: string; meaning: string; source: Source }[] = [
  { code: 'GX', meaning: 'Shipping Label Created, USPS Awaiting Item', source: 'code' },
  { code: 'MA', meaning: 'Pre-shipment Info Sent to USPS (manifest acknowledgement)', source: 'table' },
  { code: '89', meaning: 'Merchant Order Receipt Notification, USPS Awaiting Item', source: '3p' },
  { code: 'TM', meaning: 'Shipment Received, Package Acceptance Pending', source: 'table' },
  { code: 'GC', meaning: 'Return Receipt Associated', source: '3p' },
  { code: '03', meaning: 'USPS in possession of item (accept or pickup)', source: 'code' },
  { code: 'OA', meaning: 'Origin Acceptance', source: '3p' },
  { code: 'UA', meaning: 'Accepted at USPS Facility', source: '3p' },
  { code: 'AD', meaning: 'Acceptance at Destination', source: '3p' },
  { code: '83', meaning: 'Tendered to Postal Service', source: '3p' },
  { code: 'PA', meaning: 'Shipment Acceptance (passive)', source: 'table' },
  { code: 'SF', meaning: 'Departed Post Office', source: 'code' },
  { code: 'EF', meaning: 'Departed Sort Facility', source: 'table' },
  { code: '10', meaning: 'Arrived at USPS Regional Origin Facility (processed)', source: 'code' },
  { code: 'T1', meaning: 'Departed USPS Regional Facility', source: 'code' },
  { code: 'TL', meaning: 'In Transit to Next Facility', source: 'code' },
  { code: 'A1', meaning: 'Arrived at USPS Regional Facility', source: 'code' },
  { code: 'PC', meaning: 'Sorting / Processing Complete', source: 'table' },
  { code: '07', meaning: 'Arrived at Post Office (arrival at unit)', source: 'code' },
  { code: '19', meaning: 'DC eVS Arrive', source: 'table' },
  { code: '41', meaning: 'Received at Opening Unit', source: 'table' },
  { code: '42', meaning: 'USPS Handoff to Shipping Partner', source: 'table' },
  { code: '80', meaning: 'Picked Up by Shipping Partner', source: 'table' },
  { code: '81', meaning: 'Arrived Shipping Partner Facility', source: 'table' },
  { code: '82', meaning: 'Departed Shipping Partner Facility', source: 'table' },
  { code: '06', meaning: 'Forwarded', source: 'table' },
  { code: '08', meaning: 'Missent', source: 'table' },
  { code: '15', meaning: 'Mis-shipped', source: 'table' },
  { code: '71', meaning: 'Rescheduled to Next Delivery Day', source: 'table' },
  { code: 'DX', meaning: 'Delivery Status Not Updated', source: 'table' },
  { code: 'OF', meaning: 'Out for Delivery', source: 'code' },
  { code: '14', meaning: 'Arrival at Pickup Point', source: 'table' },
  { code: '16', meaning: 'Available for Pickup', source: 'table' },
  { code: '01', meaning: 'Delivered', source: 'code' },
  { code: '17', meaning: 'Picked Up By Agent', source: 'table' },
  { code: '43', meaning: 'Picked Up', source: 'table' },
  { code: '11', meaning: 'Dead Letter', source: 'table' },
  ...Object.keys(ATTEMPT_CODES).map((code) => ({ code, meaning: `delivery attempt: ${ATTEMPT_CODES[code]}`, source: 'table' as const })),
  ...Object.keys(RETURN_CODES).map((code) => ({ code, meaning: `return to sender: ${RETURN_CODES[code]}`, source: 'table' as const })),
];
