import { NO_CHANGE, type StatusRule, type StatusTable } from 'waybill';
import {
  arrivingLate,
  atPostOffice,
  attemptReason,
  damaged,
  deadLetter,
  deliveredWhere,
  forwarded,
  isAttempt,
  isReturnNotice,
  missent,
  pickedUp,
  pickupSubstatus,
  returnReason,
  returning,
  saysToSender,
  textSubstatus,
} from './predicates.js';
import { ATTEMPT_CODES, CATEGORIES, DELIVERY_CODES, EVENT_CODES, RETURN_CODES } from './vocabulary.js';

/** Every raw status USPS documents: the `statusCategory` values (current status) and the scan codes (events). */
export const DOCUMENTED_STATUSES: readonly string[] = [...CATEGORIES.map((c) => c.category), ...EVENT_CODES.map((e) => e.code)];

type Rule = Omit<StatusRule, 'status'>;
const rows = (status: string, rules: readonly Rule[]): StatusRule[] => rules.map((rule) => ({ status, ...rule }));
const each = (statuses: readonly string[], rules: readonly Rule[]): StatusRule[] => statuses.flatMap((status) => rows(status, rules));

/**
 * What comes first for anything that is not a delivery: the start of a return, any scan once the piece is on
 * its way back (USPS keeps the number), and dead mail.
 */
const ON_THE_WAY_BACK: readonly Rule[] = [
  { when: isReturnNotice, to: 'rto_initiated', substatus: returnReason },
  { when: returning, to: 'rto_in_transit' },
  { when: deadLetter, to: 'lost', substatus: 'dead_letter' },
];

/** A delivery to the sender ("Delivered, To Original Sender", or any delivery after a return scan) is the return's end. */
const delivery = (substatus: Rule['substatus']): readonly Rule[] => [
  { when: saysToSender, to: 'rto_delivered' },
  { when: returning, to: 'rto_delivered' },
  { when: pickedUp, to: 'delivered', substatus: 'picked_up' },
  { to: 'delivered', substatus },
];

const onTheWay = (rule: Rule, ...refinements: readonly Rule[]): readonly Rule[] => [...ON_THE_WAY_BACK, ...refinements, rule];

/** The current status: `statusCategory`, refined by the `status` text and the newest scan's code. */
const CATEGORY_ROWS: StatusTable = [
  ...rows('Pre-Shipment', [{ to: 'info_received' }]),
  ...rows('Accepted', onTheWay({ to: 'picked_up' })),
  ...rows(
    'In Transit',
    onTheWay(
      { to: 'in_transit' },
      { when: arrivingLate, to: 'in_transit', substatus: 'arriving_late' },
      { when: forwarded, to: 'in_transit', substatus: 'forwarded' },
      { when: missent, to: 'in_transit', substatus: 'missent' },
    ),
  ),
  ...rows('Out for Delivery', onTheWay({ to: 'out_for_delivery' })),
  ...each(['Delivery Attempt', 'Delivery Attempt: Action Needed'], onTheWay({ to: 'delivery_failed', substatus: attemptReason }, { when: atPostOffice, to: 'available_for_pickup', substatus: pickupSubstatus })),
  ...rows('Available for Pickup', onTheWay({ to: 'available_for_pickup', substatus: pickupSubstatus })),
  ...rows(
    'Alert',
    onTheWay(
      { to: 'exception', substatus: textSubstatus },
      { when: isAttempt, to: 'delivery_failed', substatus: attemptReason },
      { when: atPostOffice, to: 'available_for_pickup', substatus: pickupSubstatus },
      { when: arrivingLate, to: 'in_transit', substatus: 'arriving_late' },
      { when: damaged, to: 'exception', substatus: 'damaged' },
    ),
  ),
  ...rows('Return to Sender', onTheWay({ to: 'rto_initiated', substatus: returnReason })),
  ...rows('Delivered', delivery(deliveredWhere)),
];

/** Each scan: its Pub 199 event code, refined by its `eventType` words and by the return it may be part of. */
const EVENT_ROWS: StatusTable = [
  // A label, its data, a manifest: USPS does not have the piece yet ("USPS Awaiting Item", "Acceptance Pending").
  ...each(['GX', 'MA', '89', 'TM'], [{ to: 'info_received' }]),
  // A return receipt (green card) tied to the piece says nothing about where it is.
  ...rows('GC', [{ to: NO_CHANGE }]),
  // USPS has the piece: the seller handed it over (EasyPost calls this in_transit; Waybill has a step for it).
  ...each(['03', 'OA', 'UA', 'AD', '83', 'PA'], onTheWay({ to: 'picked_up' })),
  ...each(['SF', 'EF', '10', 'T1', 'TL', 'A1', 'PC', '07', '19', '41', '42', '80', '81', '82'], onTheWay({ to: 'in_transit' })),
  ...rows('06', onTheWay({ to: 'in_transit', substatus: 'forwarded' })),
  ...each(['08', '15'], onTheWay({ to: 'in_transit', substatus: 'missent' })),
  // Not attempted today, out again on the next delivery day.
  ...rows('71', onTheWay({ to: 'in_transit', substatus: 'rescheduled' })),
  // USPS saying it has no delivery scan yet is no news about the piece.
  ...rows('DX', [{ to: NO_CHANGE }]),
  ...rows('OF', onTheWay({ to: 'out_for_delivery' })),
  ...each(['14', '16'], onTheWay({ to: 'available_for_pickup', substatus: pickupSubstatus })),
  ...rows('01', delivery(deliveredWhere)),
  ...each(DELIVERY_CODES.filter((code) => code !== '01'), delivery('picked_up')),
  ...rows('11', [{ to: 'lost', substatus: 'dead_letter' }]),
  ...each(Object.keys(ATTEMPT_CODES), onTheWay({ to: 'delivery_failed', substatus: attemptReason })),
  ...each(Object.keys(RETURN_CODES), [{ to: 'rto_initiated', substatus: returnReason }]),
];

export const USPS_STATUSES: StatusTable = [...CATEGORY_ROWS, ...EVENT_ROWS];
