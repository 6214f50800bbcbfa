import { BadResponse, expectObject, isObject, keyedByNumber, newestEvent, normalizeStatus, text, type CourierAdapter, type FoundResult, type Json, type RawEvent, type TrackResult } from 'waybill';
import { TRACKING_PATH } from './declaration.js';
import { STOP_TRACKING_STATUSES } from './statuses.js';
import { IST } from '../../shared/ist.js';

function notFound(trackingNumber: string, reason: string): TrackResult {
  return { trackingNumber, found: false, reason };
}

function toEvent(value: unknown): RawEvent[] {
  if (!isObject(value)) return [];
  const status = text(value.activity);
  const at = IST.parse(value.date);
  return status && at ? [{ at, status, location: text(value.location) }] : [];
}

/**
 * One AWB's entry. Velocity documents only the found shape; not-found is undocumented, so three shapes
 * are read as "not found": no entry at all, `track_status: 0` without a status, and an error string
 * (the entry itself, or `error` / `message` beside or inside `tracking_data`).
 */
function toResult(trackingNumber: string, entry: unknown): TrackResult {
  if (entry === undefined || entry === null) return notFound(trackingNumber, 'Velocity returned no entry for this AWB');
  if (typeof entry === 'string') return notFound(trackingNumber, entry);
  if (!isObject(entry)) return notFound(trackingNumber, `Velocity returned an unreadable entry (${typeof entry})`);
  const tracking = entry.tracking_data;
  const entryError = text(entry.error) ?? text(entry.message);
  if (!isObject(tracking)) return notFound(trackingNumber, entryError ?? 'Velocity returned no tracking_data for this AWB');

  const shipment = Array.isArray(tracking.shipment_track) && isObject(tracking.shipment_track[0]) ? tracking.shipment_track[0] : undefined;
  const status = text(tracking.shipment_status) ?? text(shipment?.current_status);
  if (status === undefined) {
    const error = text(tracking.error) ?? text(tracking.message) ?? entryError;
    const zero = tracking.track_status === 0 || tracking.track_status === '0';
    return notFound(trackingNumber, error ?? (zero ? 'track_status 0: Velocity has no tracking for this AWB' : 'Velocity reported no status'));
  }
  return found(trackingNumber, status, tracking, shipment);
}

function found(trackingNumber: string, status: string, tracking: Json, shipment: Json | undefined): FoundResult {
  const events = Array.isArray(tracking.shipment_track_activities) ? tracking.shipment_track_activities.flatMap(toEvent) : [];
  const fields: Record<string, unknown> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) fields[key] = value;
  };
  put('trackUrl', text(tracking.track_url));
  put('velocityOrderId', text(shipment?.order_id));
  put('velocityShipmentId', text(shipment?.shipment_id));
  put('courierCompanyId', text(shipment?.courier_company_id));
  put('pickupDate', IST.parse(shipment?.pickup_date));
  put('deliveredDate', IST.parse(shipment?.delivered_date));
  const stop = STOP_TRACKING_STATUSES.has(normalizeStatus(status));
  return {
    trackingNumber,
    found: true,
    status,
    fields,
    events,
    location: newestEvent(events)?.location ?? text(shipment?.destination),
    stopTracking: stop ? `Velocity reports "${status}": shipped by a carrier outside Velocity, which Velocity does not track` : undefined,
  };
}

/** POST /custom/api/v1/order-tracking `{awbs}` → `{result: {<awb>: {tracking_data}}}`. */
export const velocityAdapter: CourierAdapter = {
  async track(batch, { http }) {
    const awbs = batch.map((s) => s.trackingNumber);
    // A 4xx for the request (400, 422, 404 …) stays the core's Permanent: it asks again in halves down to single AWBs.
    const res = await http.post(TRACKING_PATH, { awbs });
    const body = expectObject(res.body, 'the tracking response');
    if (!('result' in body)) throw new BadResponse('unexpected_shape', `the tracking response has no "result"`);
    const entryFor = keyedByNumber(body.result, 'result (an object keyed by AWB)');
    return awbs.map((awb) => toResult(awb, entryFor(awb)));
  },
};
