/**
 * DoorDash Drive (v2) words, as DoorDash spells them. Sources and how sure each is: README "Sources".
 */

/** Webhook `event_name`s that report a step of the delivery [doc: Drive webhooks reference]. */
export const WEBHOOK_EVENTS = [
  'DASHER_CONFIRMED',
  'DASHER_CONFIRMED_PICKUP_ARRIVAL',
  'DASHER_PICKED_UP',
  'DASHER_CONFIRMED_DROPOFF_ARRIVAL',
  'DASHER_DROPPED_OFF',
  'DELIVERY_CANCELLED',
  // Return-to-pickup deliveries only [doc]
  'DELIVERY_RETURN_INITIALIZED',
  'DASHER_CONFIRMED_RETURN_ARRIVAL',
  'DELIVERY_RETURNED',
  // [3p schema] joined to a batch of one Dasher (`force_batch_id`)
  'DELIVERY_BATCHED',
] as const;

/**
 * The optional location-tracking webhooks ("dasher_enroute…" [doc], full names NOT FOUND in the docs' stored
 * copy; these three are what open-source clients and a sandbox log show [code]). They say where the Dasher
 * is, not a new step: read as positions without a status.
 */
export const POSITION_EVENTS = ['DASHER_ENROUTE_TO_PICKUP', 'DASHER_ENROUTE_TO_DROPOFF', 'DASHER_ENROUTE_TO_RETURN'] as const;

/** `delivery_status` of Get Delivery [doc: Drive delivery statuses; quote and the return three: code]. */
export const API_STATUSES = [
  'quote',
  'created',
  'confirmed',
  'enroute_to_pickup',
  'arrived_at_pickup',
  'picked_up',
  'enroute_to_dropoff',
  'arrived_at_dropoff',
  'delivered',
  'enroute_to_return',
  'arrived_at_return',
  'returned',
  'cancelled',
] as const;

/** The `cancellation_reason` that ends a return that never reached the store [doc: "reason = failed_to_return"]. */
export const FAILED_TO_RETURN = 'failed_to_return';

/** Where DoorDash's docs allow a self-signed token at most (exp − iat) [doc: Drive JWTs]. */
export const MAX_TOKEN_LIFETIME_SECONDS = 1800;
