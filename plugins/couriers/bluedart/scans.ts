import { isObject, text, type Json, type RawEvent } from 'waybill';
import { listOf } from './answer.js';
import { blueDartTime } from './time.js';

/**
 * The ScanDetail elements of a Shipment. XML gives `Scans.ScanDetail[]`; JSON answers have been seen as
 * a list of `{ScanDetail: {...}}` and as a list of the scans themselves.
 */
function scanDetails(scans: unknown): Json[] {
  if (isObject(scans)) return listOf(scans.ScanDetail);
  if (!Array.isArray(scans)) return [];
  return scans.flatMap((entry) => (isObject(entry) && 'ScanDetail' in entry ? listOf(entry.ScanDetail) : listOf(entry)));
}

/** Scan codes are numeric; answers write them zero-padded ("074") or as numbers (74): one spelling, "74". */
export function scanCode(value: unknown): string | undefined {
  const code = text(value);
  return code !== undefined && /^\d+$/.test(code) ? String(Number(code)) : code;
}

function toEvent(scan: Json): RawEvent[] {
  const status = text(scan.Scan);
  const at = blueDartTime(scan.ScanDate, scan.ScanTime);
  if (status === undefined || at === undefined) return [];
  return [{ at, status, statusType: text(scan.ScanType), code: scanCode(scan.ScanCode), location: text(scan.ScannedLocation) }];
}

/** The shipment's scans as events, in Blue Dart's order (newest first); scans without a text or a readable time are left out. */
export function scanEvents(shipment: Json): RawEvent[] {
  return scanDetails(shipment.Scans).flatMap(toEvent);
}
