/**
 * Scripted pieces for the simulator: each story is the scans one piece meets, one per `advance`. The words,
 * codes and categories are USPS's (vocabulary.ts, README); places are made up.
 */
export interface Scan {
  eventCode: string;
  eventType: string;
  /** The piece's `statusCategory` while this is its newest scan. */
  category: string;
  /** The piece's `status` text while this is its newest scan (default: the scan's words). */
  status?: string;
  city: string | null;
  state: string | null;
  zip: string | null;
}

const origin = { city: 'JAMAICA', state: 'NY', zip: '11430' };
const hub = { city: 'JACKSONVILLE FL DISTRIBUTION CENTER', state: null, zip: null };
const destination = { city: 'HERNANDO', state: 'FL', zip: '34442' };

export const SCANS = {
  label: { eventCode: 'GX', eventType: 'Shipping Label Created, USPS Awaiting Item', category: 'Pre-Shipment', city: 'SPRINGFIELD GARDENS', state: 'NY', zip: '11413' },
  accepted: { eventCode: '03', eventType: 'USPS in possession of item', category: 'Accepted', ...origin },
  departedPostOffice: { eventCode: 'SF', eventType: 'Departed Post Office', category: 'In Transit', ...origin },
  originFacility: { eventCode: '10', eventType: 'Arrived at USPS Regional Origin Facility', category: 'In Transit', city: 'QUEENS NY DISTRIBUTION CENTER', state: null, zip: null },
  inTransit: { eventCode: 'TL', eventType: 'In Transit to Next Facility', category: 'In Transit', city: null, state: null, zip: null },
  regionalFacility: { eventCode: 'A1', eventType: 'Arrived at USPS Regional Facility', category: 'In Transit', ...hub },
  postOffice: { eventCode: '07', eventType: 'Arrived at Post Office', category: 'In Transit', ...destination },
  outForDelivery: { eventCode: 'OF', eventType: 'Out for Delivery', category: 'Out for Delivery', ...destination },
  parcelLocker: { eventCode: '01', eventType: 'Delivered, Parcel Locker', category: 'Delivered', ...destination },
  mailbox: { eventCode: '01', eventType: 'Delivered, In/At Mailbox', category: 'Delivered', ...destination },
  receptacleBlocked: { eventCode: '53', eventType: 'Notice Left (Receptacle Blocked)', category: 'Delivery Attempt', ...destination },
  noticeLeft: { eventCode: '56', eventType: 'Notice Left (No Authorized Recipient Available)', category: 'Delivery Attempt', ...destination },
  availableForPickup: { eventCode: '16', eventType: 'Available for Pickup', category: 'Available for Pickup', ...destination },
  pickedUpAtPostOffice: { eventCode: '43', eventType: 'Delivered, Individual Picked Up at Post Office', category: 'Delivered', ...destination },
  unclaimed: { eventCode: '27', eventType: 'Unclaimed/Being Returned to Sender', category: 'Alert', ...destination },
  movedLeftNoAddress: { eventCode: '23', eventType: 'Moved, Left no Address', category: 'Alert', ...destination },
  returnInTransit: { eventCode: 'TL', eventType: 'In Transit to Next Facility', category: 'In Transit', city: null, state: null, zip: null },
  returnPostOffice: { eventCode: '07', eventType: 'Arrived at Post Office', category: 'In Transit', ...origin },
  toOriginalSender: { eventCode: '01', eventType: 'Delivered, To Original Sender', category: 'Delivered', ...origin },
  senderMailbox: { eventCode: '01', eventType: 'Delivered, In/At Mailbox', category: 'Delivered', ...origin },
} satisfies Record<string, Scan>;

const s = SCANS;

export const STORIES = {
  /** Label → accepted → through the network → out for delivery → parcel locker. */
  delivered: [s.label, s.accepted, s.departedPostOffice, s.originFacility, s.inTransit, s.regionalFacility, s.postOffice, s.outForDelivery, s.parcelLocker],
  /** A blocked mailbox, then delivered the next day. */
  retried: [s.label, s.accepted, s.inTransit, s.postOffice, s.outForDelivery, s.receptacleBlocked, s.outForDelivery, s.mailbox],
  /** Nobody home: notice left, collected at the Post Office. */
  pickup: [s.label, s.accepted, s.inTransit, s.postOffice, s.outForDelivery, s.noticeLeft, s.availableForPickup, s.pickedUpAtPostOffice],
  /** Never collected: returned, and delivered to the original sender under the same number. */
  returned: [s.label, s.accepted, s.inTransit, s.postOffice, s.outForDelivery, s.noticeLeft, s.availableForPickup, s.unclaimed, s.returnInTransit, s.returnPostOffice, s.toOriginalSender],
  /** The addressee moved; back in the sender's mailbox, where USPS says only "Delivered, In/At Mailbox". */
  moved: [s.label, s.accepted, s.inTransit, s.postOffice, s.movedLeftNoAddress, s.returnInTransit, s.senderMailbox],
} satisfies Record<string, readonly Scan[]>;

export type StoryName = keyof typeof STORIES;
