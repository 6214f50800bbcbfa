import { normalizeStatus, type StatusRule, type StatusTable } from 'waybill';
import { LEGACY_DOCUMENTED, LEGACY_STATUSES } from '../../shared/delhivery/legacy-statuses.js';
import { pickedUpBeforeToday } from '../../shared/delhivery/pickup-date.js';

/**
 * The legacy table's "waiting for pickup" words, which it leaves as no change. The replaced system kept
 * the status for them in B2C Primary only (its Status Mapping Reference); B2B updates on every status
 * (seed: noChange=false), to its "pending": booked, not yet picked.
 */
const WAITING_FOR_PICKUP = [
  'PICK_UP_PENDING', 'MANIFESTED', 'WAITING_PICKUP', 'PICKUP_QUEUED', 'PICKUP_RESCHEDULED', 'PICK_REQUESTED',
  'SHIPMENT_BOOKED', 'Scheduled', 'Open', 'PICKUP', 'Manifest uploaded',
];

/**
 * B2B's rows for statuses the legacy table leaves as no change. "Pending" gets the seed's pickup-date rule:
 * the LR's boxes carry a pickup date, and "Pending" (an LR state in Delhivery's B2B cancel rules) means
 * waiting at a facility once picked up. The scans that say nothing about the state (weight captured,
 * details or pincode changed: Delhivery's QA data shows them in every state) stay no change.
 */
const B2B_ROWS: StatusTable = [
  ...WAITING_FOR_PICKUP.map((status): StatusRule => ({ status, to: 'pending_pickup' })),
  { status: 'Pending', to: 'in_transit', when: pickedUpBeforeToday },
  { status: 'Pending', to: 'pending_pickup' },
];

const statusesWithB2bRows = new Set(B2B_ROWS.map((row) => normalizeStatus(row.status)));

/**
 * B2B answers one status word per LR (no StatusType): the shared legacy Delhivery table, which holds the
 * B2B documented list (MANIFESTED … LOST), with B2B's own rows in place of the legacy rows they replace.
 */
export const B2B_STATUSES: StatusTable = [
  ...B2B_ROWS,
  ...LEGACY_STATUSES.filter((row) => !statusesWithB2bRows.has(normalizeStatus(row.status))),
];

/** Delhivery's documented LR track statuses (B2B API documentation, "Track" section). */
export const B2B_DOCUMENTED = [
  'MANIFESTED',
  'PICKED_UP',
  'LEFT_ORIGIN',
  'REACH_DESTINATION',
  'UNDEL_REATTEMPT',
  'PART_DEL',
  'OFD',
  'DELIVERED',
  'RETURNED_INTRANSIT',
  'RECEIVED_AT_RETURN_CENTER',
  'RETURN_OFD',
  'RETURN_DELIVERED',
  'NOT_PICKED',
  'LOST',
] as const;

/** Every raw status this courier may answer: the B2B list and the legacy table it shares with the fallback. */
export const DOCUMENTED_STATUSES: readonly { status: string }[] = LEGACY_DOCUMENTED.map(({ status }) => ({ status }));
