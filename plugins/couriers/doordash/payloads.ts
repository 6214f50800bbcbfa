import type { StoryStep } from './stories.js';

/** A delivery of the simulator: its story and the steps reached so far (the first is `created`). */
export interface SimDelivery {
  id: string;
  story: readonly StoryStep[];
  reached: { step: StoryStep; at: string }[];
}

/** The order as DoorDash repeats it on every payload (values in the spirit of DoorDash's examples). */
const ORDER = {
  pickup_address: '1000 4th Avenue, Seattle, WA 98104',
  dropoff_address: '1201 3rd Avenue, Seattle, WA 98101',
  order_value: 5555,
  currency: 'USD',
  fee: 975,
  tip: 230,
};

const DASHER = {
  dasher_id: 123212,
  dasher_name: 'John D.',
  dasher_dropoff_phone_number: '+16504379788',
  dasher_pickup_phone_number: '+16504379799',
  dasher_vehicle_make: 'Toyota',
  dasher_vehicle_model: 'Prius',
};

const minutesAfter = (at: string, minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();
const current = (d: SimDelivery) => d.reached.at(-1)!;
const timeOf = (d: SimDelivery, status: string) => d.reached.find((r) => r.step.status === status)?.at;
const trackingUrl = (d: SimDelivery) => `https://doordash.com/drive/portal/track/${encodeURIComponent(d.id)}`;

/** A Dasher is known from the first step after `created` (the Dasher who accepted). */
const dasher = (d: SimDelivery, where: StoryStep['at']) => (d.reached.some((r) => r.step.status !== 'created') ? { ...DASHER, dasher_location: where } : {});
const reasonOf = (step: StoryStep) => (step.reason ? { cancellation_reason: step.reason } : {});

/** Get Delivery's answer for `d` as it is now. */
export function deliveryBody(d: SimDelivery) {
  const now = current(d);
  const created = d.reached[0]!.at;
  const actual = (field: string, status: string) => {
    const at = timeOf(d, status);
    return at ? { [field]: at } : {};
  };
  return {
    external_delivery_id: d.id,
    delivery_status: now.step.status,
    ...ORDER,
    pickup_business_name: 'Waybill Test Kitchen',
    pickup_phone_number: '+12065550100',
    dropoff_phone_number: '+12065550199',
    dropoff_contact_given_name: 'Jane',
    contactless_dropoff: false,
    action_if_undeliverable: 'return_to_pickup',
    pickup_time_estimated: minutesAfter(created, 15),
    dropoff_time_estimated: minutesAfter(created, 40),
    ...actual('pickup_time_actual', 'picked_up'),
    ...actual('dropoff_time_actual', 'delivered'),
    ...actual('return_time_actual', 'returned'),
    ...reasonOf(now.step),
    ...dasher(d, now.step.at),
    tracking_url: trackingUrl(d),
    created_at: created,
    updated_at: now.at,
  };
}

/** The webhook DoorDash sends when `d` reached its step number `index` (event time `created_at`). */
export function webhookBody(d: SimDelivery, index: number) {
  const { step, at } = d.reached[index]!;
  return {
    created_at: at,
    event_name: step.event,
    external_delivery_id: d.id,
    ...dasher(d, step.at),
    ...ORDER,
    tracking_url: trackingUrl(d),
    contactless: false,
    ...reasonOf(step),
    dropoff_time_estimated: minutesAfter(d.reached[0]!.at, 40),
  };
}

/** A location-tracking webhook: only where the Dasher is, at `at`. */
export function positionBody(d: SimDelivery, eventName: string, where: StoryStep['at'], at: string) {
  return { created_at: at, event_name: eventName, external_delivery_id: d.id, ...dasher(d, where), ...ORDER, tracking_url: trackingUrl(d) };
}
