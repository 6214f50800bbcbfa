import { expectArray, isObject, text, type Json, type RawEvent, type TrackResult } from 'waybill';
import { IST } from '../../shared/ist.js';
import { parseStatusCode, statusForCode } from './codes.js';

/**
 * A Shiprocket time ("2023-05-23 11:43:52", or the webhook's "23 05 2023 11:43:52") as ISO-8601 with the
 * IST offset; a value that already carries a zone is kept. Unreadable values ("0000-00-00 00:00:00") → undefined.
 */
export function istTime(value: unknown): string | undefined {
  const dmy = typeof value === 'string' ? /^(\d{2}) (\d{2}) (\d{4}) (\d{2}:\d{2}:\d{2})$/.exec(value.trim()) : null;
  return IST.parse(dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]} ${dmy[4]}` : value);
}

/** Shiprocket fills unknown text fields with "NA". */
function usable(value: unknown): string | undefined {
  const t = text(value);
  return t === undefined || /^(NA|N\/A|null)$/i.test(t) ? undefined : t;
}

/** An array field that may be absent or null; any other type is a shape change worth failing loudly on. */
function list(value: unknown, what: string): Json[] {
  if (value === undefined || value === null) return [];
  return expectArray(value, what).filter(isObject);
}

/** The activity's Shiprocket status: its label, else its numeric code's label. */
function activityStatus(activity: Json): string | undefined {
  const label = usable(activity['sr-status-label']);
  if (label) return label;
  const code = parseStatusCode(activity['sr-status']);
  return code === undefined ? undefined : statusForCode(code);
}

function toEvent(activity: Json): RawEvent[] {
  const at = istTime(activity.date);
  const courierCode = usable(activity.status);
  const description = usable(activity.activity);
  const status = activityStatus(activity) ?? courierCode ?? description;
  if (!at || !status) return [];
  return [{ at, status, code: courierCode, description, location: usable(activity.location) }];
}

/**
 * The current status, in the seed's order: `shipment_track[0].current_status`, then the newest activity's
 * `sr-status-label` that is not "NA", then the label of the numeric `shipment_status`, then the newest
 * numeric `sr-status`. The text wins over the code so that a status the table lacks stays visible.
 */
function currentStatus(track: Json, data: Json, activities: readonly Json[]): string | undefined {
  const fromText = usable(track.current_status) ?? activities.map((a) => usable(a['sr-status-label'])).find(Boolean);
  if (fromText) return fromText;
  const code = parseStatusCode(data.shipment_status) ?? activities.map((a) => parseStatusCode(a['sr-status'])).find((c) => c !== undefined);
  return code === undefined ? undefined : statusForCode(code);
}

/** One AWB's entry of the track/awbs map (absent → undefined) as a tracking result. */
export function resultFor(awb: string, entry: unknown): TrackResult {
  if (entry === undefined) return { trackingNumber: awb, found: false, reason: 'Shiprocket returned no tracking data for this AWB' };
  const data = isObject(entry) ? entry.tracking_data : undefined;
  if (!isObject(data)) return { trackingNumber: awb, found: false, reason: 'Shiprocket returned an entry without tracking_data' };
  if (Number(data.track_status) === 0) {
    return { trackingNumber: awb, found: false, reason: usable(data.error) ?? 'Shiprocket has no tracking data for this AWB (track_status 0)' };
  }
  const track = list(data.shipment_track, `tracking_data.shipment_track of ${awb}`)[0] ?? {};
  const activities = list(data.shipment_track_activities, `tracking_data.shipment_track_activities of ${awb}`);
  const status = currentStatus(track, data, activities);
  if (status === undefined) return { trackingNumber: awb, found: false, reason: 'Shiprocket returned tracking data without any status' };
  const events = activities.flatMap(toEvent);
  return {
    trackingNumber: awb,
    found: true,
    status,
    events, // the status time is the newest event's (the core's default)
    eta: istTime(data.etd) ?? istTime(track.edd),
    location: activities.map((a) => usable(a.location)).find(Boolean),
    fields: { shipmentStatusCode: parseStatusCode(data.shipment_status), courierName: usable(track.courier_name) },
  };
}
