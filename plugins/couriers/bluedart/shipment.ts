import { newestEvent, normalizeStatus, text, type FoundResult, type Json, type RawEvent, type TrackResult } from 'waybill';
import { scanEvents } from './scans.js';
import { blueDartTime } from './time.js';

/** Blue Dart's words for a waybill it has no information about (StatusType NF), in either spelling. */
export const NO_INFORMATION = /incorrect waybill number|no information/i;

/** The newest scan that says what the current status says. */
function currentScan(status: string, events: readonly RawEvent[]): RawEvent | undefined {
  return newestEvent(events.filter((e) => normalizeStatus(e.status) === normalizeStatus(status)));
}

/** Who signed for a delivery (ReceivedBy, StatusType DL), on the scan of the delivery: the event a timeline shows. */
function signedFor(events: readonly RawEvent[], delivery: RawEvent | undefined, receivedBy: string | undefined): RawEvent[] {
  if (delivery === undefined || receivedBy === undefined) return [...events];
  return events.map((e) => (e === delivery ? { ...e, description: `received by ${receivedBy}` } : e));
}

/** A return to the shipper under a new waybill: Blue Dart names it in NewWaybillNo once the status type is RT. */
function returnLinks(trackingNumber: string, statusType: string | undefined, shipment: Json): FoundResult['links'] {
  const returnNumber = text(shipment.NewWaybillNo);
  if (statusType?.toUpperCase() !== 'RT' || returnNumber === undefined || returnNumber === trackingNumber) return undefined;
  return [{ trackingNumber: returnNumber, relation: 'return' }];
}

/** One Shipment element of the answer → the result for `trackingNumber`. */
export function toResult(trackingNumber: string, shipment: Json): TrackResult {
  const status = text(shipment.Status);
  const statusType = text(shipment.StatusType);
  if (statusType?.toUpperCase() === 'NF' || (status !== undefined && NO_INFORMATION.test(status))) {
    return { trackingNumber, found: false, reason: `Blue Dart: ${status ?? 'no information (StatusType NF)'}` };
  }
  if (status === undefined) return { trackingNumber, found: false, reason: 'Blue Dart answered this waybill without a Status' };
  const scans = scanEvents(shipment);
  const current = currentScan(status, scans);
  const receivedBy = statusType?.toUpperCase() === 'DL' ? text(shipment.ReceivedBy) : undefined;
  const events = signedFor(scans, current, receivedBy);
  const links = returnLinks(trackingNumber, statusType, shipment);
  return {
    trackingNumber,
    found: true,
    status,
    statusType,
    statusAt: blueDartTime(shipment.StatusDate, shipment.StatusTime),
    code: current?.code,
    description: receivedBy ? `received by ${receivedBy}` : undefined,
    location: newestEvent(events)?.location,
    eta: blueDartTime(shipment.ExpectedDeliveryDate),
    reference: text(shipment.RefNo),
    fields: { returnLeg: statusType?.toUpperCase() === 'RT' || events.some((e) => e.statusType?.toUpperCase() === 'RT') },
    events,
    ...(links ? { links } : {}),
  };
}
