import { BadResponse, LoginRefused, Permanent, text, type CourierAdapter, type Json, type TrackResult } from 'waybill';
import { formatOf, TRACK_PATH, trackQuery } from './api.js';
import { readAnswer } from './answer.js';
import { NO_INFORMATION, toResult } from './shipment.js';

/** Blue Dart's words for credentials it does not accept ("License Mismatch"). */
const CREDENTIALS_REFUSED = /licen[cs]e|login ?id|unauthori[sz]ed|authenticat|invalid user/i;

/**
 * An answer with an error and no Shipment speaks for the whole request. A refused licence is the
 * account's problem, never the shipments'. "No information" for a batch does not say which waybill: the
 * batch is refused as a whole, and the core asks again in halves until each number stands alone.
 */
function refusedAsAWhole(numbers: readonly string[], error: string): TrackResult[] {
  if (CREDENTIALS_REFUSED.test(error)) throw new LoginRefused(`Blue Dart refused the login id and licence key: "${error}"`);
  if (!NO_INFORMATION.test(error)) throw new BadResponse('unexpected_shape', `Blue Dart answered with an error: "${error}"`);
  if (numbers.length > 1) throw new Permanent(`Blue Dart answered "${error}" for a batch of ${numbers.length} waybills without saying which`);
  return numbers.map((trackingNumber) => ({ trackingNumber, found: false, reason: `Blue Dart: ${error}` }));
}

/** The Shipment elements by waybill number; an RTO answer also carries its return waybill, which nobody asked about. */
function byWaybill(shipments: readonly Json[]): Map<string, Json> {
  const found = new Map<string, Json>();
  for (const shipment of shipments) {
    const waybill = text(shipment.WaybillNo);
    if (waybill !== undefined && !found.has(waybill)) found.set(waybill, shipment);
  }
  return found;
}

/** GET /servlet/RoutingServlet?handler=tnt&action=custawbquery&numbers=a,b,…: one Shipment per waybill. */
export const bluedartAdapter: CourierAdapter = {
  async track(batch, { http, settings }) {
    const numbers = batch.map((s) => s.trackingNumber);
    const format = formatOf(settings);
    // XML comes back as text for the plugin's parser; JSON is parsed by the core.
    const res = await http.get(TRACK_PATH, trackQuery(numbers, format), format === 'xml' ? { responseType: 'text' } : undefined);
    const answer = readAnswer(res.body);
    if (answer.error !== undefined && answer.shipments.length === 0) return refusedAsAWhole(numbers, http.redact(answer.error));
    const shipments = byWaybill(answer.shipments);
    return numbers.map((trackingNumber) => {
      const shipment = shipments.get(trackingNumber);
      return shipment ? toResult(trackingNumber, shipment) : { trackingNumber, found: false, reason: 'Blue Dart left this waybill out of its answer' };
    });
  },
};
