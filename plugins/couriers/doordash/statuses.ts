import { NO_CHANGE, normalizeStatus, type MappingContext, type StatusTable } from 'waybill';
import { API_STATUSES, FAILED_TO_RETURN, WEBHOOK_EVENTS } from './vocabulary.js';

/** Every raw status DoorDash documents: webhook event names and Get Delivery's `delivery_status` values. */
export const DOCUMENTED_STATUSES: readonly string[] = [...WEBHOOK_EVENTS, ...API_STATUSES];

/** The result field the adapter copies DoorDash's cancellation reason into (webhook and Get Delivery alike). */
export const CANCELLATION_REASON = 'cancellation_reason';

/** DoorDash's cancellation reason as a snake_case substatus (`cancelled_by_creator`, `failed_to_deliver` …). */
export function cancellationReason(ctx: MappingContext): string | undefined {
  const reason = ctx.fields[CANCELLATION_REASON];
  return typeof reason === 'string' && reason.trim() !== '' ? normalizeStatus(reason).toLowerCase() : undefined;
}

const failedToReturn = (ctx: MappingContext) => cancellationReason(ctx) === FAILED_TO_RETURN;

/**
 * A cancellation after a failed return is no ordinary cancellation: the goods are neither with the customer
 * nor back at the store. It is final and must alert, so it maps to `lost` (README "The return flow").
 */
const cancellationRows = (status: string): StatusTable => [
  { status, when: failedToReturn, to: 'lost', substatus: FAILED_TO_RETURN },
  { status, to: 'cancelled', substatus: cancellationReason },
];

/**
 * Raw status → canonical status. Webhook events (upper case) and API statuses (lower case) never share a
 * key after normalization, so each has its own row; the same moment read either way gives the same status.
 */
export const DOORDASH_STATUSES: StatusTable = [
  // Webhook events [doc]
  { status: 'DASHER_CONFIRMED', to: 'driver_assigned' },
  { status: 'DASHER_CONFIRMED_PICKUP_ARRIVAL', to: 'driver_assigned', substatus: 'at_pickup' },
  { status: 'DASHER_PICKED_UP', to: 'picked_up' },
  { status: 'DASHER_CONFIRMED_DROPOFF_ARRIVAL', to: 'out_for_delivery', substatus: 'at_dropoff' },
  { status: 'DASHER_DROPPED_OFF', to: 'delivered' },
  ...cancellationRows('DELIVERY_CANCELLED'),
  { status: 'DELIVERY_RETURN_INITIALIZED', to: 'rto_initiated' },
  { status: 'DASHER_CONFIRMED_RETURN_ARRIVAL', to: 'rto_in_transit', substatus: 'at_return' },
  { status: 'DELIVERY_RETURNED', to: 'rto_delivered' },
  // Batching decides which Dasher comes, not where the delivery is [3p].
  { status: 'DELIVERY_BATCHED', to: NO_CHANGE },
  // Not in the Drive v2 list; several open-source clients handle it (Drive classic has delivery_created) [3p].
  { status: 'DELIVERY_CREATED', to: 'pending_pickup' },

  // Get Delivery `delivery_status` [doc; quote and the return three: code]
  { status: 'quote', to: 'info_received' },
  // Also what a delivery goes back to when its Dasher unassigns before pickup [doc].
  { status: 'created', to: 'pending_pickup' },
  { status: 'confirmed', to: 'driver_assigned' },
  { status: 'enroute_to_pickup', to: 'driver_assigned' },
  { status: 'arrived_at_pickup', to: 'driver_assigned', substatus: 'at_pickup' },
  { status: 'picked_up', to: 'picked_up' },
  { status: 'enroute_to_dropoff', to: 'out_for_delivery' },
  { status: 'arrived_at_dropoff', to: 'out_for_delivery', substatus: 'at_dropoff' },
  { status: 'delivered', to: 'delivered' },
  // The state DELIVERY_RETURN_INITIALIZED announces ("returning to the pickup location"): the same status.
  { status: 'enroute_to_return', to: 'rto_initiated' },
  { status: 'arrived_at_return', to: 'rto_in_transit', substatus: 'at_return' },
  { status: 'returned', to: 'rto_delivered' },
  ...cancellationRows('cancelled'),
];
