import { LocalTime, expectArray, isObject, newestEvent, text, type Json, type RawEvent, type TrackResult } from 'waybill';
import { rawStatus } from './raw-status.js';

/**
 * "All dates and times are returned in YYYY-MM-DD HH:MM:SS format in UTC timezone" [doc]; the samples also
 * carry ISO-8601 with `Z`, kept as written. (The samples' courier scans look like Malaysian time: README.)
 */
const UTC = new LocalTime('+00:00');
export const easyparcelTime = (value: unknown): string | undefined => UTC.parse(value);

/** A status code as EasyParcel writes it (an int, sometimes a numeric string). */
export function statusCode(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** `status_log` may be absent or null; any other non-array is a shape change worth failing loudly on. */
function statusLog(value: unknown, awb: string): Json[] {
  if (value === undefined || value === null) return [];
  return expectArray(value, `status_log of ${awb}`).filter(isObject);
}

function toEvent(entry: Json): RawEvent[] {
  const at = easyparcelTime(entry.event_date);
  const code = statusCode(entry.shipment_status_code);
  const status = rawStatus(text(entry.tracking_status), code);
  if (!at || !status) return [];
  return [{ at, status: status.status, code: code?.toString(), description: status.description, location: text(entry.location) }];
}

function found(awb: string, entry: Json): TrackResult {
  const code = statusCode(entry.latest_shipment_status_code);
  const status = rawStatus(text(entry.latest_tracking_status), code);
  if (!status) return { trackingNumber: awb, found: false, reason: 'EasyParcel answered "success" for this AWB without a status text or code' };
  const events = statusLog(entry.status_log, awb).flatMap(toEvent);
  return {
    trackingNumber: awb,
    found: true,
    status: status.status,
    code: code?.toString(),
    description: status.description,
    statusAt: easyparcelTime(entry.latest_event_date),
    events,
    location: newestEvent(events.filter((e) => e.location !== undefined))?.location,
    // EasyParcel's own numbers, not the shop's order id: kept as fields, not as the reference.
    fields: { shipmentNumber: text(entry.shipment_number), orderNumber: text(entry.order_number), statusCode: code },
  };
}

/**
 * One entry of `data.results`: `status: "success"` with the tracking, or `status: "not_found"` with a
 * `message` [doc]. Any other status is reported as not found for this AWB, naming what EasyParcel said.
 */
export function resultFor(awb: string, entry: Json): TrackResult {
  const outcome = text(entry.status);
  const message = text(entry.message);
  if (outcome === 'success') return found(awb, entry);
  if (outcome === 'not_found') return { trackingNumber: awb, found: false, reason: `EasyParcel: ${message ?? 'AWB number not found'}` };
  const said = outcome === undefined ? 'no status' : `status "${outcome}"`;
  return { trackingNumber: awb, found: false, reason: `EasyParcel answered ${said} for this AWB${message ? `: ${message}` : ''}` };
}
