import { NO_CHANGE, type CanonicalStatus, type NoChange, type StatusRule, type StatusTable } from 'waybill';

/**
 * Where each legacy status comes from (details and links in plugins/shared/delhivery/README.md).
 * - seed: shared/seeds/000 "Delhivery Primary/B2B/Fallback (Legacy)" key statuses [seed]
 * - seedDoc: the replaced system's own "Status Mapping Reference" (DelhiveryPrimaryStatusMapping) [seed]
 * - b2bDoc: Delhivery B2B (LTL) API documentation, track status list [doc]
 * - lifecycleDoc: Delhivery "Package Lifecycle" movement and closed statuses, without their type [doc]
 * - consumerApp: unified-tracking vocabularies read from Delhivery's consignee app [code]
 * - nslLive: scan Instructions (NSL remarks) in captured live tracking responses, NSL code noted [code]
 * - delhiveryQa: state/NSL/remark tuples in Delhivery's own QA automation suite [code]
 */
export type LegacySource = 'seed' | 'seedDoc' | 'b2bDoc' | 'lifecycleDoc' | 'consumerApp' | 'nslLive' | 'delhiveryQa';

interface LegacyRow extends StatusRule {
  sources: LegacySource[];
}

const row = (status: string, to: CanonicalStatus | NoChange, sources: LegacySource[], substatus?: string): LegacyRow =>
  substatus === undefined ? { status, to, sources } : { status, to, sources, substatus };

const ROWS: LegacyRow[] = [
  // Before pickup: the seed keeps the current status (noChange) for every "waiting for pickup" word.
  row('PICK_UP_PENDING', NO_CHANGE, ['seed', 'seedDoc']),
  row('MANIFESTED', NO_CHANGE, ['seed', 'seedDoc', 'b2bDoc']),
  row('WAITING_PICKUP', NO_CHANGE, ['seed', 'seedDoc']),
  row('PICKUP_QUEUED', NO_CHANGE, ['seedDoc']),
  row('PICKUP_RESCHEDULED', NO_CHANGE, ['seedDoc']),
  row('PICK_REQUESTED', NO_CHANGE, ['seedDoc']),
  row('SHIPMENT_BOOKED', NO_CHANGE, ['seedDoc']),
  row('Scheduled', NO_CHANGE, ['lifecycleDoc', 'consumerApp']),
  row('Open', NO_CHANGE, ['lifecycleDoc']),
  row('PICKUP', NO_CHANGE, ['consumerApp']), // trackingStates ladder step "PICKUP": not yet moving
  row('Manifest uploaded', NO_CHANGE, ['nslLive']), // X-UCI
  // "Pending" is "waiting at a facility" in every leg (forward DC, origin DC on return, return center)
  // and "not picked yet" on the consumer site: without its StatusType it says nothing new.
  row('Pending', NO_CHANGE, ['lifecycleDoc', 'consumerApp']),
  // Scans that say nothing about where the parcel is.
  row('weight captured', NO_CHANGE, ['nslLive']), // X-DWS
  row('Package details changed by shipper', NO_CHANGE, ['delhiveryQa']), // DTUP-203
  row('Package details changed by Delhivery', NO_CHANGE, ['delhiveryQa']), // DTUP-205
  row('Pincode updated by Addfix', NO_CHANGE, ['delhiveryQa']), // DTUP-219

  // Moving forward.
  row('IN_TRANSIT', 'in_transit', ['seed', 'seedDoc', 'lifecycleDoc']),
  row('PICKED_UP', 'in_transit', ['seed', 'seedDoc', 'b2bDoc', 'consumerApp']),
  // seedDoc maps DISPATCHED to "in transit"; with a StatusType (UD Dispatched) the lifecycle row wins.
  row('DISPATCHED', 'in_transit', ['seedDoc', 'lifecycleDoc']),
  row('RECEIVED_AT_ORIGIN', 'in_transit', ['seedDoc']),
  row('REACHED_AT_DESTINATION', 'in_transit', ['seedDoc'], 'at_destination'),
  row('BAGGED', 'in_transit', ['seedDoc']),
  row('RECEIVED', 'in_transit', ['seedDoc']),
  row('ADDED_TO_BAG', 'in_transit', ['seedDoc', 'nslLive']), // X-DBL1F "Added to Bag"
  row('CONNECTION_ALLOCATED', 'in_transit', ['seedDoc']),
  row('IN_TRANSIT_TO', 'in_transit', ['seedDoc']),
  row('PICKUP_COMPLETE', 'in_transit', ['seedDoc']),
  row('SHIPPED', 'in_transit', ['seedDoc']),
  row('IN_TRANSIT_TO_NEXT_FACILITY', 'in_transit', ['seedDoc']),
  row('LEFT_ORIGIN', 'in_transit', ['b2bDoc']),
  row('REACH_DESTINATION', 'in_transit', ['b2bDoc'], 'at_destination'),
  row('Shipment picked up', 'in_transit', ['nslLive']), // X-PPOM
  row('Pickup completed', 'in_transit', ['delhiveryQa']), // EOD-77 (reverse pickup done)
  row('Shipment Recieved at Origin Center', 'in_transit', ['nslLive', 'delhiveryQa']), // X-PIOM, Delhivery's spelling
  row('Bag Added To Trip', 'in_transit', ['nslLive']), // X-DLL2F
  row('Vehicle Departed', 'in_transit', ['nslLive']), // X-OLL4F
  row('Trip Arrived', 'in_transit', ['nslLive']), // X-ILL2F
  row('Bag Received at Facility', 'in_transit', ['nslLive']), // X-ILL1F
  row('Shipment Received at Facility', 'in_transit', ['nslLive']), // X-IBD3F

  row('OFD', 'out_for_delivery', ['seed', 'seedDoc', 'b2bDoc']),
  row('OUT_FOR_DELIVERY', 'out_for_delivery', ['seed', 'seedDoc', 'consumerApp', 'nslLive']), // X-DDD3FD

  row('NDR', 'delivery_failed', ['seed', 'seedDoc']),
  row('FAILED_DELIVERY', 'delivery_failed', ['seedDoc']),
  row('UNDELIVERED', 'delivery_failed', ['seedDoc']),
  row('UNDEL_REATTEMPT', 'delivery_failed', ['b2bDoc'], 'reattempt'),
  row('Consignee Unavailable', 'delivery_failed', ['nslLive'], 'consignee_unavailable'), // EOD-11, NDR-actionable
  // Some boxes of an LR delivered: needs attention, and tracking must go on for the rest.
  row('PART_DEL', 'exception', ['b2bDoc'], 'partially_delivered'),

  row('DELIVERED', 'delivered', ['seed', 'seedDoc', 'b2bDoc', 'consumerApp']),
  row('SHIPMENT_DELIVERED', 'delivered', ['seedDoc']),
  row('Delivered to consignee', 'delivered', ['nslLive', 'delhiveryQa']), // EOD-38
  row('DTO', 'delivered', ['lifecycleDoc', 'consumerApp'], 'delivered_to_origin'),
  // Listed among Delhivery's statuses "for closed shipments": an end state, read as handed over.
  row('Collected', 'delivered', ['lifecycleDoc', 'consumerApp'], 'collected'),

  // The seed's "rto", which the replaced system's reference defines as "Return-To-Origin initiated". Delhivery's
  // lifecycle calls RTO a closed status, but only with StatusType DL: that is the typed lifecycle row (rto_delivered).
  row('RTO', 'rto_initiated', ['seed', 'seedDoc', 'consumerApp']),
  row('RETURNED', 'rto_initiated', ['seed', 'seedDoc']),
  row('OUT_FOR_RETURN', 'rto_initiated', ['seedDoc']),
  row('Returned as per Client Instructions', 'rto_initiated', ['delhiveryQa']), // RT-101
  row('RTO_IN_TRANSIT', 'rto_in_transit', ['seed', 'seedDoc']),
  row('RETURNED_INTRANSIT', 'rto_in_transit', ['seedDoc', 'b2bDoc']),
  row('RTO_IN_INTRANSIT', 'rto_in_transit', ['seedDoc']),
  row('RTO_OUT_FOR_DELIVERY', 'rto_in_transit', ['seedDoc']),
  row('RTO_OFD', 'rto_in_transit', ['seedDoc']),
  row('RECEIVED_AT_RETURN_CENTER', 'rto_in_transit', ['b2bDoc'], 'at_return_center'),
  row('RETURN_OFD', 'rto_in_transit', ['b2bDoc'], 'out_for_return_delivery'),
  // seedDoc files these under "rto" (it had no "returned" status); they say the return is complete.
  row('RTO_DELIVERED', 'rto_delivered', ['seedDoc', 'consumerApp']),
  row('RETURNED_TO_ORIGIN', 'rto_delivered', ['seedDoc']),
  row('RTO_COMPLETED', 'rto_delivered', ['seedDoc']),
  row('RETURN_DELIVERED', 'rto_delivered', ['b2bDoc']),

  row('NOT_PICKED', 'cancelled', ['seed', 'seedDoc', 'b2bDoc'], 'not_picked'),
  row('CANCELLED', 'cancelled', ['seedDoc', 'lifecycleDoc', 'consumerApp']),
  row('Canceled', 'cancelled', ['lifecycleDoc']),
  row('BOOKING_CANCELLED', 'cancelled', ['seedDoc']),
  row('Closed', 'cancelled', ['lifecycleDoc'], 'request_closed'),

  row('LOST', 'lost', ['seed', 'seedDoc', 'b2bDoc', 'consumerApp']),
  row('MISSING', 'lost', ['seedDoc']),
  row('UNTRACEABLE', 'lost', ['seedDoc']),
  row('Shipment LOST', 'lost', ['delhiveryQa']), // LT-100
  row('Package marked as lost', 'lost', ['consumerApp']), // scanNslRemark in a live capture

  row('DESTROYED', 'destroyed', ['seedDoc']),
  row('DISPOSED_OFF', 'destroyed', ['seedDoc']),
  row('DAMAGED', 'destroyed', ['seedDoc']),
];

/**
 * The legacy Delhivery table (statuses without a StatusType) used by the B2B and fallback trackers:
 * the replaced system's DelhiveryPrimaryStatusMapping, completed from Delhivery's documented vocabularies.
 */
export const LEGACY_STATUSES: StatusTable = ROWS.map(({ sources: _sources, ...rule }) => rule);

/** Every legacy raw status, spelled as its source spells it, with the sources that show it. */
export const LEGACY_DOCUMENTED: readonly { status: string; sources: readonly LegacySource[] }[] = ROWS.map((r) => ({
  status: r.status,
  sources: r.sources,
}));
