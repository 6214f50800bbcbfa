/** A raw status as a source shows it; `type` is Blue Dart's StatusType / ScanType where one is shown. */
export type DocumentedStatus = string | { status: string; type?: string };

/**
 * Blue Dart's raw statuses as the public material shows them (README, "Statuses", names each source).
 * Blue Dart publishes no list: these are the `Status` / `Scan` texts, with their StatusType / ScanType
 * where a source shows one, seen in live answers and in the status maps of clients that poll the API.
 */

/** In Blue Dart's own answers, with the type beside them (a captured live answer, sample answers in clients). */
const SEEN_WITH_TYPE: DocumentedStatus[] = [
  { type: 'PU', status: 'Online shipment booked' },
  { type: 'UD', status: 'SHIPMENT PICKED UP' },
  { type: 'UD', status: 'SHIPMENT ARRIVED' },
  { type: 'UD', status: 'SHIPMENT ARRIVED AT HUB' },
  { type: 'UD', status: 'SHIPMENT FURTHER CONNECTED' },
  { type: 'UD', status: 'PAPER WORK INSCAN' },
  { type: 'UD', status: 'Shipment Inscan' },
  { type: 'UD', status: 'Shipment Outscan' },
  { type: 'UD', status: 'SHIPMENT OUTSCANNED TO NETWORK' },
  { type: 'UD', status: 'PLASTIC BAG - AUTO TALLY' },
  { type: 'UD', status: 'Canvas Bag Consolidated Scan' },
  { type: 'UD', status: 'SHIPMENT OUT FOR DELIVERY' },
  { type: 'UD', status: 'DELIVERY SCHEDULED FOR NEXT WORKING DAY' },
  { type: 'UD', status: 'HOLIDAY, DELIVERY ON NEXT BUSINESS DAY' },
  { type: 'UD', status: 'NECESSARY CHARGES PENDING FROM CONSIGNEE' },
  { type: 'UD', status: 'NEED DEPARTMENT NAME/EXTENTION NUMBER' },
  { type: 'UD', status: 'UNDELIVERED SHIPMENT HELD AT LOCATION' },
  { type: 'DL', status: 'SHIPMENT DELIVERED' },
  { type: 'RT', status: "RETURNED TO ORIGIN AT SHIPPER'S REQUEST" },
];

/** The return leg's scans, as an aggregator relays them for a Blue Dart RTO (its RT-IT / RT-DL codes). */
const SEEN_ON_THE_RETURN_LEG: DocumentedStatus[] = [
  { type: 'RT', status: 'SHIPMENT ARRIVED' },
  { type: 'RT', status: 'SHIPMENT ARRIVED AT HUB' },
  { type: 'RT', status: 'SHIPMENT FURTHER CONNECTED' },
  { type: 'RT', status: 'SHIPMENT IN TRANSIT' },
  { type: 'RT', status: 'SHIPMENT OUT FOR DELIVERY' },
  { type: 'RT', status: 'SHIPMENT DELIVERED' },
];

/** Status texts that clients' status maps and synced data hold, without a type. */
const SEEN_IN_CLIENTS = [
  // before pickup
  'PICKUP HAS BEEN REGISTERED',
  'AUTO PICKUP REGISTERED',
  'PICKUP EMPLOYEE IS OUT TO P/U SHIPMENT',
  'PICKUP NOT ATTEMPTED, ADDRESS INCOMPLETE',
  'PICKUP CANCELLED BY CALL',
  // moving through the network
  'SHIPMENT IN TRANSIT',
  'In Transit. Await delivery information',
  'CLUBBED CANVAS BAG SCAN',
  'CANVAS BAG RECEIVED AS OVERAGE',
  'LOAD/VEHICLE ARRIVAL AT TRANSIT HUB',
  'LOAD/VEHICLE ARRIVED AT DELIVERY LOC',
  'UD SHIPMENT RECEIVED FOR FURTHER PROCESS',
  'SHIPMENT REDIRECTED ON SAME AWB',
  'SHIPMENT RETURNED',
  'DELIVERY ON NEXT BUSINESS DAY',
  'DELIVERY SCHEDULED THROUGH APPOINTMENT',
  'OUT FOR DELIVERY,  DETAILS AWAITED',
  // delays and holds
  'NETWORK DELAY, WILL IMPACT DELIVERY',
  'NETWORK DELAY, WILL IMPACT TIMELY DELIVERY',
  'NETWORK ISSUES',
  'NETWORK ISSUE, WILL IMPACT DELIVERY',
  'DELAY CAUSED BEYOND OUR CONTROL',
  'DELAY CAUSED BEYOND CONTROL',
  'DELIVERY DELAYED',
  'MISROUTED-DELIVERY DELAYED',
  'WRONG PINCODE, WILL IMPACT DELIVERY',
  'OUT OF DELIVERY AREA',
  'LOAD ON HOLD;SPACE CONSTRAINT IN NET VEH',
  'LOAD ON HOLD;SPACE CONSTRAINT-COMML FLT',
  'ON HOLD;SPACE CONSTRAINT AT DELVRY LOC',
  'ON HOLD FOR REGULATORY PAPERWORK',
  'SHIPMENT MANIFESTED - NOT RECEIVED',
  'SHIPMENT MISPLACED',
  'Rejected AWB Inscanned',
  'CONTACT CUSTOMER SERVICE',
  'UNDELIVERED RETURN/REDIRECT INITIATED',
  // failed delivery attempts (NDR)
  'CONSIGNEE REFUSED TO ACCEPT',
  'REFUSAL CONFIRMATION CODE VERIFIED',
  'BULK ORDER, REFUSED BY CONSIGNEE',
  'CONSIGNEE REFUSED TO PAY NECESSARY CHARGES',
  'CNEE REFUSED ID/OTP NOT SHARED-INCORRECT',
  'CONSIGNEE NOT AVAILABLE',
  'CONSIGNEE OUT OF STATION',
  "CONSIGNEE'S ADDRESS INCORRECT/INCORRECT",
  "CONSIGNEE'S ADDRESS UNLOCATABLE/LANDMARK NEEDED",
  'NO SUCH CONSIGNEE AT THE GIVEN ADDRESS',
  "C'NEE SHIFTED FROM THE GIVEN ADDRESS",
  'CONSIGNEE ADD IS EDUCATIONAL INSTITUTION',
  'DELIVERY ATTEMPTED-PREMISES CLOSED',
  'OFFICE CLOSED; UNABLE TO DELIVER',
  'PROHIBITED AREA-ENTRY RESTRICTED FOR DELIVERY',
  'CUSTOMER REQUESTED FUTURE DELIVERY: HAL',
  'CONSIGNEE HAS GIVEN BDE HAL ADDRESS',
  // the return
  'SHIPPER INSTRUCTED TO RTO THE SHIPMENT',
  'RTO PROCESS COMPLETED, READY TO DESPATCH',
  'REDIRECTED ON SAME AWB TO SHIPPER',
  'RTO at Origin outscan for Delivery',
  'RETURN TO SHIPPER',
  'DELIVERED BACK TO SHIPPER',
  'SHIPMENT RETURNED BACK TO SHIPPER',
  // ends
  'SHIPMENT DESTROYED',
];

/** Every raw status the README lists; the contract kit checks each has a row in the table. */
export const DOCUMENTED_STATUSES: readonly DocumentedStatus[] = [...SEEN_WITH_TYPE, ...SEEN_ON_THE_RETURN_LEG, ...SEEN_IN_CLIENTS];
