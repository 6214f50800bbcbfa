import { isObject, text, type Json } from 'waybill';
import { objects, packageIdentifiers } from './track-fields.js';

/** [code: live] `ancillaryDetails[].reasonDescription` "Return tracking number 289570198701". */
const NAMED_IN_WORDS = /return tracking number\s*[:#]?\s*([A-Za-z0-9]{8,40})/i;

/**
 * The new tracking numbers a return to the shipper travels under, as FedEx names them for the original:
 * the package identifier RETURNED_TO_SHIPPER_TRACKING_NUMBER [doc: schema enum; code: live client], and the
 * number in the current status's ancillary details [code: live answer].
 */
export function returnTrackingNumbers(trackResult: Json, own: string): string[] {
  const named = packageIdentifiers(trackResult).get('RETURNED_TO_SHIPPER_TRACKING_NUMBER') ?? [];
  const latest = isObject(trackResult.latestStatusDetail) ? trackResult.latestStatusDetail : {};
  const worded = objects(latest.ancillaryDetails).flatMap((d) => NAMED_IN_WORDS.exec(text(d.reasonDescription) ?? '')?.[1] ?? []);
  return [...new Set([...named, ...worded])].filter((n) => n !== own);
}
