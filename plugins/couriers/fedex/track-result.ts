import { isObject, newestEvent, text, type FoundResult, type Json, type RawEvent, type TrackResult } from 'waybill';
import { returnTrackingNumbers } from './return-link.js';
import { newestScanTime, objects, packageIdentifiers, place, zonedTime } from './track-fields.js';

/**
 * Per-number errors come inside a 200 (TRACKING.TRACKINGNUMBER.NOTFOUND, .INVALID, .EMPTY) [doc][code]: each is
 * "not found". A number FedEx calls invalid will not become valid: tracking it stops.
 */
const INVALID = 'TRACKING.TRACKINGNUMBER.INVALID';

function notFound(trackingNumber: string, error: Json | undefined, fallback: string): TrackResult {
  const code = error ? text(error.code) : undefined;
  const message = error ? text(error.message) : undefined;
  const reason = [code, message].filter(Boolean).join(': ') || fallback;
  return { trackingNumber, found: false, reason, ...(code === INVALID ? { stopTracking: true } : {}) };
}

function toEvent(scan: Json): RawEvent[] {
  const at = zonedTime(scan.date);
  const status = text(scan.eventType);
  if (!at || !status) return [];
  return [
    {
      at,
      status,
      code: text(scan.exceptionCode),
      description: text(scan.exceptionDescription) ?? text(scan.eventDescription),
      location: place(scan.scanLocation),
    },
  ];
}

function dateOf(trackResult: Json, type: string): string | undefined {
  return objects(trackResult.dateAndTimes)
    .filter((d) => text(d.type) === type)
    .map((d) => zonedTime(d.dateTime))
    .find((d) => d !== undefined);
}

/** FedEx's estimate: `dateAndTimes` ESTIMATED_DELIVERY, else the end of `estimatedDeliveryTimeWindow`. */
function etaOf(trackResult: Json): string | undefined {
  const window = isObject(trackResult.estimatedDeliveryTimeWindow) && isObject(trackResult.estimatedDeliveryTimeWindow.window) ? trackResult.estimatedDeliveryTimeWindow.window : {};
  return dateOf(trackResult, 'ESTIMATED_DELIVERY') ?? zonedTime(window.ends) ?? zonedTime(window.begins);
}

function fieldsOf(trackResult: Json, ids: Map<string, string[]>, own: string, returns: readonly string[]): Record<string, unknown> {
  const info = isObject(trackResult.trackingNumberInfo) ? trackResult.trackingNumberInfo : {};
  const service = isObject(trackResult.serviceDetail) ? trackResult.serviceDetail : {};
  const delivery = isObject(trackResult.deliveryDetails) ? trackResult.deliveryDetails : {};
  const pkg = isObject(trackResult.packageDetails) ? trackResult.packageDetails : {};
  const master = ids.get('STANDARD_MPS')?.find((n) => n !== own);
  const candidates: Record<string, unknown> = {
    carrierCode: text(info.carrierCode),
    trackingNumberUniqueId: text(info.trackingNumberUniqueId),
    service: text(service.type),
    receivedBy: text(delivery.receivedByName),
    deliveryAttempts: text(delivery.deliveryAttempts),
    packageCount: text(pkg.count),
    packageSequence: text(pkg.sequenceNumber),
    masterTrackingNumber: master,
    returnTrackingNumber: returns[0],
    shipDate: dateOf(trackResult, 'SHIP'),
  };
  return Object.fromEntries(Object.entries(candidates).filter(([, v]) => v !== undefined));
}

function found(trackingNumber: string, trackResult: Json): TrackResult {
  const latest = isObject(trackResult.latestStatusDetail) ? trackResult.latestStatusDetail : {};
  const code = text(latest.code);
  // The derived code is the status fedex.com shows; FedEx's own code stays beside it for the finer rules.
  const status = text(latest.derivedCode) ?? code;
  if (status === undefined) return notFound(trackingNumber, undefined, 'FedEx answered without a latestStatusDetail code');
  const events = objects(trackResult.scanEvents).flatMap(toEvent);
  const ids = packageIdentifiers(trackResult);
  const returns = returnTrackingNumbers(trackResult, trackingNumber);
  const [ancillary] = objects(latest.ancillaryDetails);
  const result: FoundResult = {
    trackingNumber,
    found: true,
    status,
    code,
    description: text(ancillary?.reasonDescription) ?? text(latest.description),
    statusAt: status === 'DL' ? dateOf(trackResult, 'ACTUAL_DELIVERY') : undefined,
    events,
    eta: etaOf(trackResult),
    location: place(latest.scanLocation) ?? newestEvent(events)?.location,
    reference: ids.get('CUSTOMER_REFERENCE')?.[0],
    fields: fieldsOf(trackResult, ids, trackingNumber, returns),
    links: returns.length ? returns.map((n) => ({ trackingNumber: n, relation: 'return' as const })) : undefined,
  };
  return result;
}

/**
 * One `completeTrackResults[]` entry → the number's result. FedEx reuses numbers: several `trackResults`
 * are duplicates (told apart by trackingNumberUniqueId) [doc], and the one with the newest scan is the
 * shipment being tracked now. A per-number `error` is "not found", never a failed batch.
 */
export function resultFor(trackingNumber: string, complete: unknown): TrackResult {
  if (!isObject(complete)) return notFound(trackingNumber, undefined, 'FedEx answered nothing for this number');
  const results = objects(complete.trackResults);
  const usable = results.filter((r) => !isObject(r.error) || isObject(r.latestStatusDetail));
  if (usable.length === 0) {
    const error = results.map((r) => r.error).find(isObject);
    return notFound(trackingNumber, error, 'FedEx answered no trackResults for this number');
  }
  const newest = usable.reduce((best, r) => (newestScanTime(r) > newestScanTime(best) ? r : best));
  return found(trackingNumber, newest);
}
