/**
 * Scripted lifecycles of the simulator's deliveries. Each step is the API status the delivery is in and
 * the webhook DoorDash sends when it gets there (none for `created`: Drive v2 has no creation webhook).
 */
export interface StoryStep {
  status: string;
  event?: string;
  /** The event only says where the Dasher is (a location-tracking webhook). */
  position?: true;
  /** `cancellation_reason` of a cancelled delivery. */
  reason?: string;
  /** Where the Dasher is at that step (Seattle, as in DoorDash's examples). */
  at: { lat: number; lng: number };
}

const STORE = { lat: 47.6036, lng: -122.3295 };
const CUSTOMER = { lat: 47.6062, lng: -122.3352 };
const ON_THE_WAY = { lat: 47.6049, lng: -122.3323 };
const FAR = { lat: 47.5952, lng: -122.3212 };

const step = (status: string, at: StoryStep['at'], event?: string, extra: Partial<StoryStep> = {}): StoryStep => ({ status, at, ...(event ? { event } : {}), ...extra });

const CREATED = step('created', STORE);
const CONFIRMED = step('confirmed', FAR, 'DASHER_CONFIRMED');
const TO_PICKUP = step('enroute_to_pickup', { lat: 47.5994, lng: -122.3254 }, 'DASHER_ENROUTE_TO_PICKUP', { position: true });
const AT_PICKUP = step('arrived_at_pickup', STORE, 'DASHER_CONFIRMED_PICKUP_ARRIVAL');
const PICKED_UP = step('picked_up', STORE, 'DASHER_PICKED_UP');
const TO_DROPOFF = step('enroute_to_dropoff', ON_THE_WAY, 'DASHER_ENROUTE_TO_DROPOFF', { position: true });
const AT_DROPOFF = step('arrived_at_dropoff', CUSTOMER, 'DASHER_CONFIRMED_DROPOFF_ARRIVAL');
const RETURNING = step('enroute_to_return', CUSTOMER, 'DELIVERY_RETURN_INITIALIZED');
const TO_STORE = step('enroute_to_return', ON_THE_WAY, 'DASHER_ENROUTE_TO_RETURN', { position: true });
const AT_RETURN = step('arrived_at_return', STORE, 'DASHER_CONFIRMED_RETURN_ARRIVAL');
const TO_CUSTOMER = [CREATED, CONFIRMED, TO_PICKUP, AT_PICKUP, PICKED_UP, TO_DROPOFF, AT_DROPOFF];

export const STORIES = {
  DELIVERED: [...TO_CUSTOMER, step('delivered', CUSTOMER, 'DASHER_DROPPED_OFF')],
  /** The customer could not be reached: the Dasher brings the order back to the store. */
  RETURNED: [...TO_CUSTOMER, RETURNING, TO_STORE, AT_RETURN, step('returned', STORE, 'DELIVERY_RETURNED')],
  /** On its way back the return fails: DoorDash cancels the delivery with reason failed_to_return. */
  FAILED_TO_RETURN: [...TO_CUSTOMER, RETURNING, TO_STORE, step('cancelled', ON_THE_WAY, 'DELIVERY_CANCELLED', { reason: 'failed_to_return' })],
  /** The shop cancels after a Dasher accepted. */
  CANCELLED: [CREATED, CONFIRMED, step('cancelled', FAR, 'DELIVERY_CANCELLED', { reason: 'cancelled_by_creator' })],
} as const satisfies Record<string, readonly StoryStep[]>;

export type StoryName = keyof typeof STORIES;
