import { BadResponse, expectArray, expectObject, isObject, text, type CourierAdapter, type Json } from 'waybill';
import { TRACKING_PATH } from './declaration.js';
import { resultFor } from './tracking-result.js';

/**
 * `{status_code, request_id, message, data: {results: [...]}}` [doc]. The envelope repeats the HTTP status;
 * a 200 whose envelope says otherwise is not an answer to read.
 */
function resultsOf(body: unknown): unknown[] {
  const envelope = expectObject(body, 'the tracking response');
  const code = envelope.status_code;
  if (code !== undefined && code !== 200 && code !== '200') {
    throw new BadResponse('unexpected_shape', `the tracking response says status_code ${JSON.stringify(code)}: ${text(envelope.message) ?? 'no message'}`);
  }
  return expectArray(expectObject(envelope.data, 'data of the tracking response').results, 'data.results');
}

/** The entries by AWB (first one wins), found by the exact number or ignoring case and surrounding space. */
function byAwb(results: readonly unknown[]): (awb: string) => Json | undefined {
  const exact = new Map<string, Json>();
  const loose = new Map<string, Json>();
  for (const entry of results) {
    const awb = isObject(entry) ? text(entry.awb_number) : undefined;
    if (!awb || exact.has(awb)) continue;
    exact.set(awb, entry as Json);
    if (!loose.has(awb.toUpperCase())) loose.set(awb.toUpperCase(), entry as Json);
  }
  return (awb) => exact.get(awb) ?? loose.get(awb.trim().toUpperCase());
}

/** One POST of up to 100 AWBs; one result per AWB asked, in the order asked. */
export const easyparcelAdapter: CourierAdapter = {
  async track(batch, { http }) {
    const numbers = batch.map((s) => s.trackingNumber);
    const res = await http.post(TRACKING_PATH, { awb_numbers: numbers });
    const entryFor = byAwb(resultsOf(res.body));
    return numbers.map((awb) => {
      const entry = entryFor(awb);
      return entry ? resultFor(awb, entry) : { trackingNumber: awb, found: false, reason: 'EasyParcel left this AWB out of its answer' };
    });
  },
};
