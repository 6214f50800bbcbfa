import { expectArray, expectObject, isObject, newestEvent, oneNumberPerRequest, text, type CourierHttp, type Json, type RawEvent, type TrackResult } from 'waybill';
import { IST } from '../../shared/ist.js';

export const TRACK_PATH = '/lrn/track';

/** Delhivery's error text, wherever this answer keeps it. */
function errorText(body: Json): string | undefined {
  const error = isObject(body.error) ? text(body.error.message) : text(body.error);
  return text(body.message) ?? error ?? text(body.detail);
}

/** Each box (waybill) of the LR reports its own status: kept as events of the LR. */
function toEvent(box: unknown): RawEvent[] {
  if (!isObject(box)) return [];
  const status = text(box.status);
  const at = IST.parse(box.scan_timestamp);
  if (!status || !at) return [];
  const wbn = text(box.wbn);
  return [{ at, status, location: text(box.location), description: wbn ? `box ${wbn}` : undefined }];
}

async function trackOne(http: CourierHttp, lr: string): Promise<TrackResult> {
  // The unknown-LR answer is not documented: 404 and `success: false` are read as "not found"; any other 4xx
  // (a 400 "lrnum is required") is a refused request, the core's Permanent.
  const res = await http.get(TRACK_PATH, { lrnum: lr }, { passStatuses: [404] });
  const body = expectObject(res.body, 'the LR tracking response');
  if (res.status !== 200 || body.success === false) {
    return { trackingNumber: lr, found: false, reason: `Delhivery: ${errorText(body) ?? `HTTP ${res.status}`}` };
  }
  const data = expectObject(body.data, 'data');
  const boxes = data.wbns === undefined || data.wbns === null ? [] : expectArray(data.wbns, 'data.wbns');
  const status = text(data.status);
  if (!status) return { trackingNumber: lr, found: false, reason: 'Delhivery returned the LR without a status' };
  const events = boxes.flatMap(toEvent);
  const latest = newestEvent(events);
  const firstBox = boxes.find(isObject);
  return {
    trackingNumber: lr,
    found: true,
    status,
    location: latest?.location,
    fields: {
      pickupDate: firstBox ? IST.parse(firstBox.pickup_date) : undefined,
      boxes: boxes.length,
      boxStatuses: boxes.flatMap((b) => (isObject(b) && text(b.status) ? [text(b.status)] : [])),
    },
    events,
  };
}

/** GET /lrn/track?lrnum=<LR>: one LR per request (`batchLimit: 1`), latest status only (no history). */
export const delhiveryB2bAdapter = oneNumberPerRequest(({ trackingNumber }, { http }) => trackOne(http, trackingNumber));
