import type { MappingContext, StatusRule, StatusTable } from 'waybill';

type Row = Pick<StatusRule, 'status' | 'to' | 'substatus'>;

const row = (status: string, to: StatusRule['to'], substatus?: string): Row => (substatus ? { status, to, substatus } : { status, to });

/** Blue Dart's texts for the journey to the consignee, whatever their StatusType (UD, PU, DL …). */
const FORWARD: Row[] = [
  row('Online shipment booked', 'info_received'),
  row('PICKUP HAS BEEN REGISTERED', 'pending_pickup'),
  row('AUTO PICKUP REGISTERED', 'pending_pickup'),
  row('PICKUP EMPLOYEE IS OUT TO P/U SHIPMENT', 'pending_pickup', 'out_for_pickup'),
  row('PICKUP NOT ATTEMPTED, ADDRESS INCOMPLETE', 'pending_pickup', 'pickup_address_incomplete'),
  row('PICKUP CANCELLED BY CALL', 'cancelled', 'pickup_cancelled'),
  row('SHIPMENT PICKED UP', 'picked_up'),

  // Scans of the network, housekeeping ones (bags, paperwork) included: each says the parcel is in a facility.
  ...[
    'SHIPMENT ARRIVED',
    'SHIPMENT ARRIVED AT HUB',
    'SHIPMENT FURTHER CONNECTED',
    'SHIPMENT IN TRANSIT',
    'In Transit. Await delivery information',
    'Shipment Inscan',
    'Shipment Outscan',
    'SHIPMENT OUTSCANNED TO NETWORK',
    'LOAD/VEHICLE ARRIVAL AT TRANSIT HUB',
    'LOAD/VEHICLE ARRIVED AT DELIVERY LOC',
    'UD SHIPMENT RECEIVED FOR FURTHER PROCESS',
    'SHIPMENT RETURNED',
    'PAPER WORK INSCAN',
    'PLASTIC BAG - AUTO TALLY',
    'Canvas Bag Consolidated Scan',
    'CLUBBED CANVAS BAG SCAN',
    'CANVAS BAG RECEIVED AS OVERAGE',
  ].map((status) => row(status, 'in_transit')),
  row('SHIPMENT REDIRECTED ON SAME AWB', 'in_transit', 'redirected'),
  row('DELIVERY SCHEDULED FOR NEXT WORKING DAY', 'in_transit', 'delivery_next_working_day'),
  row('HOLIDAY, DELIVERY ON NEXT BUSINESS DAY', 'in_transit', 'delivery_next_working_day'),
  row('DELIVERY ON NEXT BUSINESS DAY', 'in_transit', 'delivery_next_working_day'),
  row('DELIVERY SCHEDULED THROUGH APPOINTMENT', 'in_transit', 'delivery_by_appointment'),

  row('SHIPMENT OUT FOR DELIVERY', 'out_for_delivery'),
  row('OUT FOR DELIVERY,  DETAILS AWAITED', 'out_for_delivery'),

  // Delays and holds: nothing was attempted, something needs watching.
  row('NETWORK DELAY, WILL IMPACT DELIVERY', 'exception', 'network_delay'),
  row('NETWORK DELAY, WILL IMPACT TIMELY DELIVERY', 'exception', 'network_delay'),
  row('NETWORK ISSUES', 'exception', 'network_delay'),
  row('NETWORK ISSUE, WILL IMPACT DELIVERY', 'exception', 'network_delay'),
  row('DELAY CAUSED BEYOND OUR CONTROL', 'exception', 'delayed'),
  row('DELAY CAUSED BEYOND CONTROL', 'exception', 'delayed'),
  row('DELIVERY DELAYED', 'exception', 'delayed'),
  row('MISROUTED-DELIVERY DELAYED', 'exception', 'misrouted'),
  row('WRONG PINCODE, WILL IMPACT DELIVERY', 'exception', 'wrong_pincode'),
  row('OUT OF DELIVERY AREA', 'exception', 'out_of_delivery_area'),
  row('LOAD ON HOLD;SPACE CONSTRAINT IN NET VEH', 'exception', 'capacity_hold'),
  row('LOAD ON HOLD;SPACE CONSTRAINT-COMML FLT', 'exception', 'capacity_hold'),
  row('ON HOLD;SPACE CONSTRAINT AT DELVRY LOC', 'exception', 'capacity_hold'),
  row('ON HOLD FOR REGULATORY PAPERWORK', 'exception', 'regulatory_hold'),
  row('SHIPMENT MANIFESTED - NOT RECEIVED', 'exception', 'manifested_not_received'),
  row('SHIPMENT MISPLACED', 'exception', 'misplaced'),
  row('Rejected AWB Inscanned', 'exception', 'rejected_awb'),
  row('CONTACT CUSTOMER SERVICE', 'exception', 'contact_customer_service'),
  // "return/redirect": a redirect stays on the forward journey, so this is not yet a return.
  row('UNDELIVERED RETURN/REDIRECT INITIATED', 'exception', 'return_or_redirect_initiated'),

  // Failed delivery attempts (NDR), the reason as substatus.
  row('CONSIGNEE REFUSED TO ACCEPT', 'delivery_failed', 'refused'),
  row('REFUSAL CONFIRMATION CODE VERIFIED', 'delivery_failed', 'refused'),
  row('BULK ORDER, REFUSED BY CONSIGNEE', 'delivery_failed', 'refused'),
  row('CONSIGNEE REFUSED TO PAY NECESSARY CHARGES', 'delivery_failed', 'charges_refused'),
  row('NECESSARY CHARGES PENDING FROM CONSIGNEE', 'delivery_failed', 'charges_pending'),
  row('CNEE REFUSED ID/OTP NOT SHARED-INCORRECT', 'delivery_failed', 'otp_not_shared'),
  row('CONSIGNEE NOT AVAILABLE', 'delivery_failed', 'consignee_unavailable'),
  row('CONSIGNEE OUT OF STATION', 'delivery_failed', 'consignee_out_of_station'),
  row("CONSIGNEE'S ADDRESS INCORRECT/INCORRECT", 'delivery_failed', 'incorrect_address'),
  row("CONSIGNEE'S ADDRESS UNLOCATABLE/LANDMARK NEEDED", 'delivery_failed', 'address_unlocatable'),
  row('NO SUCH CONSIGNEE AT THE GIVEN ADDRESS', 'delivery_failed', 'no_such_consignee'),
  row("C'NEE SHIFTED FROM THE GIVEN ADDRESS", 'delivery_failed', 'consignee_moved'),
  row('NEED DEPARTMENT NAME/EXTENTION NUMBER', 'delivery_failed', 'incomplete_address'),
  row('CONSIGNEE ADD IS EDUCATIONAL INSTITUTION', 'delivery_failed', 'institution_address'),
  row('DELIVERY ATTEMPTED-PREMISES CLOSED', 'delivery_failed', 'premises_closed'),
  row('OFFICE CLOSED; UNABLE TO DELIVER', 'delivery_failed', 'premises_closed'),
  row('PROHIBITED AREA-ENTRY RESTRICTED FOR DELIVERY', 'delivery_failed', 'restricted_area'),
  row('CUSTOMER REQUESTED FUTURE DELIVERY: HAL', 'delivery_failed', 'future_delivery_requested'),
  row('UNDELIVERED SHIPMENT HELD AT LOCATION', 'delivery_failed', 'held_at_location'),
  // The consignee asked to collect it at a Blue Dart location ("HAL": hold at location).
  row('CONSIGNEE HAS GIVEN BDE HAL ADDRESS', 'available_for_pickup', 'hold_at_location'),

  row('SHIPMENT DELIVERED', 'delivered'),
  row('SHIPMENT DESTROYED', 'destroyed'),
];

/** Texts that are the return to the shipper whatever their type. */
const RETURN: Row[] = [
  row("RETURNED TO ORIGIN AT SHIPPER'S REQUEST", 'rto_initiated'),
  row('SHIPPER INSTRUCTED TO RTO THE SHIPMENT', 'rto_initiated'),
  row('RTO PROCESS COMPLETED, READY TO DESPATCH', 'rto_initiated'),
  row('REDIRECTED ON SAME AWB TO SHIPPER', 'rto_initiated'),
  row('RTO at Origin outscan for Delivery', 'rto_in_transit', 'out_for_delivery_to_shipper'),
  row('RETURN TO SHIPPER', 'rto_delivered'),
  row('DELIVERED BACK TO SHIPPER', 'rto_delivered'),
  row('SHIPMENT RETURNED BACK TO SHIPPER', 'rto_delivered'),
];

const ON_THE_WAY = new Set<StatusRule['to']>(['picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'exception', 'available_for_pickup']);

/**
 * StatusType RT: the same texts on the way back to the shipper (a return on the same waybill). Moving
 * and attempts are the return in transit, keeping their reason; a delivery is the shipper's.
 */
function onTheReturnLeg(forward: readonly Row[]): StatusRule[] {
  return forward.flatMap((r): StatusRule[] => {
    if (r.to === 'delivered') return [{ status: r.status, type: 'RT', to: 'rto_delivered' }];
    if (!ON_THE_WAY.has(r.to)) return [];
    const substatus = r.to === 'out_for_delivery' ? 'out_for_delivery_to_shipper' : r.substatus;
    return [{ status: r.status, type: 'RT', to: 'rto_in_transit', ...(substatus ? { substatus } : {}) }];
  });
}

/** The adapter's `fields.returnLeg`: some scan of this waybill was on the return (ScanType RT). */
const afterAReturnScan = (ctx: MappingContext) => ctx.fields.returnLeg === true;

/** StatusType + status text → canonical status; README "Statuses" gives each row's source and reasoning. */
export const BLUEDART_STATUSES: StatusTable = [
  ...onTheReturnLeg(FORWARD),
  // A delivery written DL after return scans on the same waybill reached the shipper, not the consignee.
  { status: 'SHIPMENT DELIVERED', to: 'rto_delivered', when: afterAReturnScan },
  ...FORWARD,
  ...RETURN,
];
