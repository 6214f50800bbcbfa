import { NO_CHANGE, type MappingContext, type StatusTable } from 'waybill';
import { exceptionReason, returningToShipper } from './delivery-exception.js';

export interface DocumentedStatus {
  status: string;
  /** FedEx's definition of the code. */
  name: string;
  /** doc: FedEx's "Tracking Status Codes" table (as vendored by Karrio); code: seen in live answers only. */
  source: 'doc' | 'code';
}

const doc = (status: string, name: string): DocumentedStatus => ({ status, name, source: 'doc' });
const live = (status: string, name: string): DocumentedStatus => ({ status, name, source: 'code' });

/**
 * Every code of FedEx's Tracking Status Codes table (movement and regulatory; EA and SP appear twice there,
 * with the same code), and the codes live answers carry beyond it: the derived codes IN and RL of
 * `latestStatusDetail.derivedCode` / `scanEvents[].derivedStatusCode`, and the scan type AE. The table's
 * "possession" codes (CA carrier, RC recipient, SH shipper, CU customs, BR broker, TP transfer partner) say who
 * holds the package, they are not statuses, and the Track API has no field for them.
 */
export const DOCUMENTED_STATUSES: readonly DocumentedStatus[] = [
  doc('AA', 'At Airport'),
  doc('AC', 'At Canada Post facility'),
  doc('AD', 'At Delivery'),
  doc('AF', 'At local FedEx Facility'),
  doc('AO', 'Shipment arriving On-time'),
  doc('AP', 'At Pickup'),
  doc('AR', 'Arrived at FedEx location'),
  doc('AX', 'At USPS facility'),
  doc('CA', 'Shipment Cancelled'),
  doc('CH', 'Location Changed'),
  doc('DD', 'Delivery Delay'),
  doc('DE', 'Delivery Exception'),
  doc('DL', 'Delivered'),
  doc('DP', 'Departed'),
  doc('DR', 'Vehicle furnished but not used'),
  doc('DS', 'Vehicle Dispatched'),
  doc('DY', 'Delay'),
  doc('EA', 'Enroute to Airport / Export Approved'),
  doc('ED', 'Enroute to Delivery'),
  doc('EO', 'Enroute to Origin Airport'),
  doc('EP', 'Enroute to Pickup'),
  doc('FD', 'At FedEx Destination'),
  doc('HL', 'Hold at Location'),
  doc('HP', 'Ready for Recipient Pickup'),
  doc('IT', 'In Transit'),
  doc('IX', 'In transit (see Details)'),
  doc('LO', 'Left Origin'),
  doc('OC', 'Order Created'),
  doc('OD', 'Out for Delivery'),
  doc('OF', 'At FedEx origin facility'),
  doc('Ow', 'On the way'),
  doc('OX', 'Shipment information sent to USPS'),
  doc('PD', 'Pickup Delay'),
  doc('PF', 'Plane in Flight'),
  doc('PL', 'Plane Landed'),
  doc('PM', 'In Progress'),
  doc('PU', 'Picked Up'),
  doc('PX', 'Picked up (see Details)'),
  doc('RR', 'CDO requested'),
  doc('RM', 'CDO Modified'),
  doc('RC', 'CDO Cancelled'),
  doc('RS', 'Return to Shipper'),
  doc('RP', 'Return label link emailed to return sender'),
  doc('LP', 'Return label link cancelled by shipment originator'),
  doc('RG', 'Return label link expiring soon'),
  doc('RD', 'Return label link expired'),
  doc('SE', 'Shipment Exception'),
  doc('SF', 'At Sort Facility'),
  doc('SP', 'Split Status'),
  doc('TR', 'Transfer'),
  doc('CC', 'Cleared Customs'),
  doc('CD', 'Clearance Delay'),
  doc('CP', 'Clearance in Progress'),
  live('IN', 'Label created (derived code)'),
  live('RL', 'Running Late (derived code)'),
  live('AE', 'Shipment arriving early'),
];

/** The current status's own FedEx code is one of these (the derived code being coarser). */
const codeIs =
  (...codes: string[]) =>
  (ctx: MappingContext) =>
    ctx.code !== undefined && codes.includes(ctx.code.toUpperCase());

/**
 * FedEx code → canonical status. The current status is FedEx's derived code (`derivedCode`, the status
 * fedex.com shows) with FedEx's own code as `code`; a scan is its `eventType` with its exception code as
 * `code`. README.md explains each judgement call.
 */
export const FEDEX_STATUSES: StatusTable = [
  // Before FedEx has the package
  { status: 'IN', to: 'info_received' },
  { status: 'OC', to: 'info_received' },
  { status: 'RP', to: 'info_received', substatus: 'return_label_emailed' },
  { status: 'RG', to: NO_CHANGE },
  { status: 'LP', to: 'cancelled', substatus: 'return_label_cancelled' },
  { status: 'RD', to: 'cancelled', substatus: 'return_label_expired' },
  { status: 'DS', to: 'pending_pickup', substatus: 'vehicle_dispatched' },
  { status: 'EP', to: 'pending_pickup', substatus: 'enroute_to_pickup' },
  { status: 'AP', to: 'pending_pickup', substatus: 'at_pickup' },
  { status: 'PD', to: 'pending_pickup', substatus: 'pickup_delayed' },
  { status: 'DR', to: NO_CHANGE },

  // With FedEx, moving
  { status: 'PU', to: 'in_transit', substatus: 'picked_up' },
  { status: 'PX', to: 'in_transit', substatus: 'picked_up' },
  // The derived IT covers out-for-delivery and ready-for-pickup scans too (live: OD and HP scans derive IT).
  { status: 'IT', to: 'out_for_delivery', when: codeIs('OD', 'ED', 'AD') },
  { status: 'IT', to: 'available_for_pickup', when: codeIs('HP', 'HL') },
  { status: 'IT', to: 'in_transit' },
  { status: 'IX', to: 'in_transit' },
  { status: 'Ow', to: 'in_transit' },
  { status: 'AA', to: 'in_transit' },
  { status: 'AC', to: 'in_transit' },
  { status: 'AF', to: 'in_transit' },
  { status: 'AR', to: 'in_transit' },
  { status: 'AX', to: 'in_transit', substatus: 'at_usps' },
  { status: 'OX', to: 'in_transit', substatus: 'handed_to_usps' },
  { status: 'DP', to: 'in_transit' },
  { status: 'EA', to: 'in_transit' },
  { status: 'EO', to: 'in_transit' },
  { status: 'FD', to: 'in_transit' },
  { status: 'LO', to: 'in_transit' },
  { status: 'OF', to: 'in_transit' },
  { status: 'PF', to: 'in_transit' },
  { status: 'PL', to: 'in_transit' },
  { status: 'PM', to: 'in_transit' },
  { status: 'SF', to: 'in_transit' },
  { status: 'TR', to: 'in_transit' },
  { status: 'CH', to: 'in_transit', substatus: 'location_changed' },
  { status: 'CC', to: 'in_transit', substatus: 'cleared_customs' },
  { status: 'CP', to: 'in_transit', substatus: 'clearance_in_progress' },
  { status: 'DY', to: 'in_transit', substatus: 'delayed' },
  { status: 'DD', to: 'in_transit', substatus: 'delivery_delayed' },
  { status: 'RL', to: 'in_transit', substatus: 'running_late' },
  // Forecasts and requests: they say nothing about where the package is.
  { status: 'AO', to: NO_CHANGE },
  { status: 'AE', to: NO_CHANGE },
  { status: 'RR', to: NO_CHANGE },
  { status: 'RM', to: NO_CHANGE },
  { status: 'RC', to: NO_CHANGE },
  { status: 'SP', to: NO_CHANGE },

  // The last mile
  { status: 'OD', to: 'out_for_delivery' },
  { status: 'ED', to: 'out_for_delivery' },
  { status: 'AD', to: 'out_for_delivery', substatus: 'at_delivery' },
  { status: 'HP', to: 'available_for_pickup' },
  { status: 'HL', to: 'available_for_pickup', substatus: 'hold_at_location' },
  { status: 'DL', to: 'delivered' },
  { status: 'DE', to: 'rto_initiated', substatus: 'return_to_shipper', when: returningToShipper },
  { status: 'DE', to: 'delivery_failed', substatus: exceptionReason },

  // Exceptions and the end of the road
  { status: 'SE', to: 'exception' },
  { status: 'CD', to: 'exception', substatus: 'clearance_delay' },
  { status: 'CA', to: 'cancelled' },
  { status: 'RS', to: 'rto_initiated', substatus: 'return_to_shipper' },
];
