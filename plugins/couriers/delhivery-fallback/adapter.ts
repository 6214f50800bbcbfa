import { expectArray, expectObject, isObject, newestEvent, oneNumberPerRequest, text, type Json, type RawEvent, type TrackContext, type TrackResult } from 'waybill';
import { IST } from '../../shared/ist.js';

/**
 * Answers after which Delhivery will never show more: the shipment ended long ago, or the number is not
 * (or no longer) known. The replaced system stopped tracking on both (being_tracked = false).
 * Verbatim: "tracking details are not visible if the shipment reached end state 7 or more days ago",
 * "invalid AWB or very old package".
 */
const ENDED = [/reached end state .*days? ago/i, /invalid awb|very old package/i];

function scansOf(entry: Json): RawEvent[] {
  const states = Array.isArray(entry.trackingStates) ? entry.trackingStates.filter(isObject) : [];
  return states.flatMap((state) =>
    (Array.isArray(state.scans) ? state.scans.filter(isObject) : []).flatMap((scan): RawEvent[] => {
      const status = text(scan.scan);
      // Live captures show empty scanDateTime strings: such scans have no time to be stored under.
      const at = IST.parse(scan.scanDateTime);
      if (!status || !at) return [];
      const location = text(scan.scannedLocation) ?? text(scan.cityLocation);
      return [{ at, status, statusType: text(scan.scanType), description: text(scan.scanNslRemark), location }];
    }),
  );
}

/** The current step of the page's progress ladder, the last resort when no status is given. */
function currentStep(entry: Json): string | undefined {
  const states = Array.isArray(entry.trackingStates) ? entry.trackingStates.filter(isObject) : [];
  return text(states.find((s) => s.stepStatus === 'current')?.label);
}

async function trackOne(wbn: string, { http, settings }: TrackContext): Promise<TrackResult> {
  const res = await http.get(settings.track_path ?? '', { wbn }, { headers: { Origin: settings.origin ?? '', Referer: settings.referer ?? '' } });
  const body = expectObject(res.body, 'the tracking response');
  const message = text(body.message);
  const ended = message !== undefined && ENDED.some((pattern) => pattern.test(message));
  const data = body.data === undefined || body.data === null ? [] : expectArray(body.data, 'data');
  const entries = data.filter(isObject);
  const entry = entries.find((e) => text(e.awb) === wbn) ?? entries[0];
  if (!entry) {
    const reason = `Delhivery: ${message ?? 'no data for this waybill'}`;
    return ended ? { trackingNumber: wbn, found: false, reason, stopTracking: true } : { trackingNumber: wbn, found: false, reason };
  }
  const current = isObject(entry.status) ? entry.status : {};
  const events = scansOf(entry);
  const latest = newestEvent(events);
  const status = text(current.status) ?? text(entry.hqStatus) ?? latest?.status ?? currentStep(entry);
  if (!status) return { trackingNumber: wbn, found: false, reason: 'Delhivery returned the waybill without a status' };
  return {
    trackingNumber: wbn,
    found: true,
    status,
    statusType: text(current.statusType),
    statusAt: IST.parse(current.statusDateTime),
    description: text(current.instructions),
    reference: text(entry.referenceNo),
    location: latest?.location,
    fields: { hqStatus: text(entry.hqStatus), currentFlow: text(entry.currentFlow) },
    events,
    ...(ended ? { stopTracking: message } : {}),
  };
}

/**
 * GET <track_path>?wbn=<AWB> on Delhivery's public tracking API (the seed's DELHIVERY_FALLBACK_URL),
 * one waybill per call, with the Origin/Referer the endpoint insists on.
 */
export const delhiveryFallbackAdapter = oneNumberPerRequest(({ trackingNumber }, ctx) => trackOne(trackingNumber, ctx));
