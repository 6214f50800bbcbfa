import { randomBytes } from 'node:crypto';

/**
 * The simulator's deliveries: scripted lifecycles in Uber's vocabulary, and the delivery object Uber
 * shows for each step (the fields README "API" lists, shaped as Uber's samples show them).
 */

export interface Step {
  status: string;
  /** courier_imminent: about a minute from the waypoint. */
  imminent: boolean;
}

const step = (status: string, imminent = false): Step => ({ status, imminent });

export const SCRIPTS = {
  delivered: [step('pending'), step('pickup'), step('pickup', true), step('pickup_complete'), step('dropoff'), step('dropoff', true), step('delivered')],
  cancelled: [step('pending'), step('pickup'), step('canceled')],
  returned: [step('pending'), step('pickup'), step('pickup_complete'), step('dropoff'), step('dropoff', true), step('returned')],
} as const satisfies Record<string, readonly Step[]>;
export type Script = keyof typeof SCRIPTS;

/** The return delivery Uber creates for a returned one: the courier, goods in hand, drives back to the store. */
export const RETURN_SCRIPT: readonly Step[] = [step('pickup_complete'), step('dropoff'), step('dropoff', true), step('delivered')];

const ENDED = new Set(['delivered', 'canceled', 'returned']);

export interface SimDelivery {
  id: string;
  uuid: string;
  script: readonly Step[];
  step: number;
  externalId: string;
  createdAt: string;
  updatedAt: string;
  pickupDone?: string;
  dropoffDone?: { status: 'completed' | 'failed'; at: string };
  /** On a return delivery: the original's id. */
  original?: string;
  /** On a returned delivery: its return delivery's id. */
  returnLeg?: string;
}

type LatLng = { lat: number; lng: number };
const STORE = { name: 'Corner Bakery', phone_number: '+15555550100', address: '100 Maiden Ln, New York, NY 10038, US', location: { lat: 40.70712, lng: -74.00768 } };
const CUSTOMER = { name: 'Gordon S.', phone_number: '+15555550142', address: '231 Hudson St, New York, NY 10013, US', location: { lat: 40.72441, lng: -74.00796 } };
const COURIER = {
  name: 'Cori R.',
  rating: '5.00',
  vehicle_type: 'car',
  vehicle_make: 'Toyota',
  vehicle_model: 'Prius',
  vehicle_color: 'white',
  vehicle_license_plate: '**E54Q',
  phone_number: '+15555550177',
  public_phone_info: { formatted_phone_number: '+15555550177,48023618', phone_number: '+15555550177', pin_code: '48023618' },
  img_href: 'https://d1w2poirtb3as9.cloudfront.net/default.jpeg',
  location_description: '',
};

export const newDeliveryId = (prefix: 'del' | 'ret'): string => `${prefix}_${randomBytes(16).toString('base64url')}`;
export const newUuid = (): string => randomBytes(16).toString('hex').toUpperCase();

export const currentStep = (d: SimDelivery): Step => d.script[d.step]!;

/** How far along from the first waypoint to the second the courier is (before 0: still on the way to it). */
function progress({ status, imminent }: Step): number {
  if (status === 'pickup') return imminent ? -0.05 : -0.6;
  if (status === 'pickup_complete') return 0;
  if (status === 'dropoff') return imminent ? 0.95 : 0.5;
  return 1;
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;
const along = (from: LatLng, to: LatLng, f: number): LatLng => ({ lat: round(from.lat + (to.lat - from.lat) * f), lng: round(from.lng + (to.lng - from.lng) * f) });
const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function waypoint(place: typeof STORE, done: { status: string; at: string } | undefined) {
  return { ...place, notes: '', ...(done ? { status: done.status, status_timestamp: done.at } : {}) };
}

/** The delivery object at its current step. */
export function deliveryBody(d: SimDelivery): Record<string, unknown> {
  const now = currentStep(d);
  const isReturn = d.original !== undefined;
  const [from, to] = isReturn ? [CUSTOMER, STORE] : [STORE, CUSTOMER];
  const ended = ENDED.has(now.status);
  const related = d.original ? [{ id: d.original, relationship: 'original' }] : d.returnLeg ? [{ id: d.returnLeg, relationship: 'returned' }] : undefined;
  const returned = now.status === 'returned';
  return {
    id: d.id,
    uuid: d.uuid,
    kind: 'delivery',
    quote_id: `dqt_${d.uuid.slice(0, 22)}`,
    status: now.status,
    complete: ended,
    courier_imminent: now.imminent,
    live_mode: false,
    created: d.createdAt,
    updated: d.updatedAt,
    currency: 'usd',
    fee: 799,
    tip: 0,
    // "Only present when a delivery is in progress."
    ...(now.status !== 'pending' && !ended ? { courier: { ...COURIER, location: along(from.location, to.location, progress(now)) } } : {}),
    pickup: waypoint(from, d.pickupDone ? { status: 'completed', at: d.pickupDone } : undefined),
    dropoff: waypoint(to, d.dropoffDone),
    pickup_eta: minutesAfter(d.createdAt, 10),
    pickup_ready: d.createdAt,
    pickup_deadline: minutesAfter(d.createdAt, 30),
    dropoff_eta: minutesAfter(d.createdAt, 35),
    dropoff_ready: d.createdAt,
    dropoff_deadline: minutesAfter(d.createdAt, 60),
    tracking_url: `https://www.ubereats.com/orders/${d.uuid.toLowerCase()}`,
    undeliverable_action: returned ? 'returned' : '',
    undeliverable_reason: returned ? 'NO_SECURE_LOCATION_TO_DROPOFF' : '',
    external_id: d.externalId,
    manifest: { reference: d.externalId, description: '1 x Sourdough loaf', total_value: 1200 },
    manifest_items: [{ name: 'Sourdough loaf', quantity: 1, size: 'small' }],
    ...(related ? { related_deliveries: related } : {}),
  };
}
