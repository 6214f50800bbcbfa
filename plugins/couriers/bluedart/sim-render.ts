import { XMLBuilder } from 'fast-xml-parser';
import type { Format } from './api.js';

/** One scan as the simulator tells it; `at` is India Standard Time without a zone, "2026-05-01T11:30". */
export interface ScanScript {
  scan: string;
  /** ScanType (UD, DL, RT, PU …); default the shipment's StatusType. */
  type?: string;
  /** Blue Dart's numeric scan code, as it writes it ("002", "074"). */
  code?: string;
  /** ScanGroupType: S for movement scans, T for status scans in the captured answers. */
  group?: string;
  at: string;
  location?: string;
}

/** What the simulator answers for one waybill. */
export interface ShipmentScript {
  status: string;
  statusType: string;
  /** When the status happened (IST, "2026-05-01T11:30"); default the newest scan's time. */
  at?: string;
  refNo?: string;
  /** ExpectedDeliveryDate as a day, "2026-05-03". */
  expectedDelivery?: string;
  receivedBy?: string;
  /** The return waybill of an RTO. */
  newWaybillNo?: string;
  /** Oldest first; default one scan saying the status. The answer lists them newest first, as Blue Dart does. */
  scans?: ScanScript[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-05-01T11:30" → Blue Dart's "01 May 2026" (StatusDate) or "01-May-2026" (ScanDate), and "11:30". */
function blueDartDate(at: string, style: 'status' | 'scan'): { date: string; time: string } {
  const [day, time = '00:00'] = at.split('T');
  const [year, month, dayOfMonth] = day!.split('-');
  const name = MONTHS[Number(month) - 1]!;
  const date = style === 'status' ? `${dayOfMonth} ${name} ${year}` : `${dayOfMonth}-${name.slice(0, 3)}-${year}`;
  return { date, time: time.slice(0, 5) };
}

function scanDetail(scan: ScanScript, statusType: string) {
  const { date, time } = blueDartDate(scan.at, 'scan');
  return {
    Scan: scan.scan,
    ScanCode: scan.code ?? '001',
    ScanType: scan.type ?? statusType,
    ScanGroupType: scan.group ?? 'S',
    ScanDate: date,
    ScanTime: time,
    ScannedLocation: scan.location ?? 'MUMBAI HUB',
    ScannedLocationCode: 'BOB',
  };
}

/** One Shipment element's fields (WaybillNo and RefNo apart: XML writes them as attributes). */
function shipmentFields(s: ShipmentScript, now: string) {
  const scans = s.scans ?? [{ scan: s.status, at: s.at ?? now, type: s.statusType }];
  const statusAt = blueDartDate(s.at ?? scans.at(-1)?.at ?? now, 'status');
  return {
    Prodcode: 'A',
    Service: 'Dart Apex - Door To Door',
    Origin: 'MUMBAI',
    Destination: 'BANGALORE',
    ProductType: 'Non Documents',
    Weight: '0.5',
    Status: s.status,
    StatusType: s.statusType,
    ExpectedDeliveryDate: s.expectedDelivery ? blueDartDate(s.expectedDelivery, 'status').date : '',
    StatusDate: statusAt.date,
    StatusTime: statusAt.time,
    ReceivedBy: s.receivedBy ?? '',
    ...(s.newWaybillNo ? { NewWaybillNo: s.newWaybillNo } : {}),
    details: [...scans].reverse().map((scan) => scanDetail(scan, s.statusType)),
  };
}

/** An element of the answer: a scripted shipment, or Blue Dart's "no information" for a waybill it does not know. */
export type AnswerElement = { waybill: string; script: ShipmentScript } | { waybill: string; unknown: true };

export const NO_INFORMATION_STATUS = 'Incorrect Waybill number or No Information';

function jsonShipment(element: AnswerElement, now: string) {
  if ('unknown' in element) return { WaybillNo: element.waybill, Status: NO_INFORMATION_STATUS, StatusType: 'NF' };
  const { details, ...fields } = shipmentFields(element.script, now);
  // JSON answers seen in clients list each scan as {ScanDetail: {...}}.
  return { WaybillNo: element.waybill, RefNo: element.script.refNo ?? '', ...fields, Scans: details.map((d) => ({ ScanDetail: d })) };
}

function xmlShipment(element: AnswerElement, now: string) {
  if ('unknown' in element) return { '@_WaybillNo': element.waybill, Status: NO_INFORMATION_STATUS, StatusType: 'NF' };
  const { details, ...fields } = shipmentFields(element.script, now);
  return { '@_WaybillNo': element.waybill, '@_RefNo': element.script.refNo ?? '', ...fields, Scans: { ScanDetail: details } };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** The answer's body in the requested format: the Shipment elements, or an Error for the request as a whole. */
export function renderAnswer(format: Format, answer: { elements: readonly AnswerElement[]; now: string } | { error: string }): { body: string; contentType: string } {
  const data =
    'error' in answer
      ? { Error: answer.error }
      : { Shipment: answer.elements.map((e) => (format === 'json' ? jsonShipment(e, answer.now) : xmlShipment(e, answer.now))) };
  if (format === 'json') return { body: JSON.stringify({ ShipmentData: data }), contentType: 'application/json;charset=UTF-8' };
  return { body: `${XML_DECLARATION}${builder.build({ ShipmentData: data })}`, contentType: 'text/xml;charset=UTF-8' };
}
