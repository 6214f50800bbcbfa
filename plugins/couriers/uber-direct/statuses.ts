import { NO_CHANGE, type MappingContext, type StatusTable } from 'waybill';

/**
 * The status type of a report about the return delivery (`ret_…`) Uber creates when a delivery is
 * `returned`: Waybill tracks the original delivery (`del_…`) and reads the return's statuses as its return leg.
 */
export const RETURN_LEG = 'return';

/** Every `status` Uber documents for a delivery (Delivery Status Webhook; Get Delivery `status` enum). */
export const UBER_STATUSES = ['pending', 'pickup', 'pickup_complete', 'dropoff', 'delivered', 'canceled', 'returned'] as const;

/** Each documented status on the delivery itself, and again as the return leg of a returned delivery. */
export const DOCUMENTED_STATUSES = [...UBER_STATUSES, ...UBER_STATUSES.map((status) => ({ status, type: RETURN_LEG }))];

/** `courier_imminent`: the courier is about a minute (~80 m) from the waypoint the status heads for. */
const imminent = (ctx: MappingContext) => ctx.fields.courier_imminent === true;

/** See README "Statuses" for the sources and the judgement calls. */
export const UBER_DIRECT_STATUSES: StatusTable = [
  // The delivery is booked and accepted; no courier yet. The goods wait at the store.
  { status: 'pending', to: 'pending_pickup' },
  { status: 'pickup', when: imminent, to: 'driver_assigned', substatus: 'arriving_at_pickup' },
  { status: 'pickup', to: 'driver_assigned' },
  { status: 'pickup_complete', to: 'picked_up' },
  { status: 'dropoff', when: imminent, to: 'out_for_delivery', substatus: 'arriving' },
  { status: 'dropoff', to: 'out_for_delivery' },
  { status: 'delivered', to: 'delivered' },
  { status: 'canceled', to: 'cancelled' },
  // Cancelled with undeliverable_action "return": the courier turns back with the goods at once.
  { status: 'returned', to: 'rto_in_transit' },

  // The return delivery, read as the original's return leg. Every step before its delivery stays
  // rto_in_transit: a later return-leg "pending" must not look like a step back to rto_initiated.
  { status: 'pending', type: RETURN_LEG, to: 'rto_in_transit' },
  { status: 'pickup', type: RETURN_LEG, to: 'rto_in_transit' },
  { status: 'pickup_complete', type: RETURN_LEG, to: 'rto_in_transit' },
  { status: 'dropoff', type: RETURN_LEG, when: imminent, to: 'rto_in_transit', substatus: 'arriving_at_origin' },
  { status: 'dropoff', type: RETURN_LEG, to: 'rto_in_transit' },
  { status: 'delivered', type: RETURN_LEG, to: 'rto_delivered' },
  { status: 'canceled', type: RETURN_LEG, to: 'cancelled', substatus: 'return_cancelled' },
  // A return of a return is not a thing Uber describes: nothing to learn from it.
  { status: 'returned', type: RETURN_LEG, to: NO_CHANGE },
];
