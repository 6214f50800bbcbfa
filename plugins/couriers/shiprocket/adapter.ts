import { BadResponse, isObject, keyedByNumber, type CourierAdapter } from 'waybill';
import { resultFor } from './tracking-data.js';

export const TRACK_PATH = '/courier/track/awbs';

/** The AWB → entry map; an error envelope with HTTP 200 would otherwise read as "every AWB missing". */
function awbMap(body: unknown): (awb: string) => unknown {
  if (isObject(body) && typeof body.status_code === 'number' && typeof body.message === 'string') {
    throw new BadResponse('unexpected_shape', `track/awbs answered an error envelope: ${body.message}`);
  }
  return keyedByNumber(body, 'the track/awbs response');
}

/**
 * POST /courier/track/awbs with up to 50 AWBs; the answer is an object keyed by AWB. An AWB Shiprocket
 * does not know is absent from it or has `track_status: 0`: both are reported as not found. HTTP errors,
 * including a refused login, are the core's to handle.
 */
export const shiprocketAdapter: CourierAdapter = {
  async track(batch, { http }) {
    const awbs = batch.map((s) => s.trackingNumber);
    // A 400/422 for the request (e.g. one malformed AWB) stays the core's Permanent: it asks again in halves.
    const res = await http.post(TRACK_PATH, { awbs });
    const entryFor = awbMap(res.body);
    return awbs.map((awb) => resultFor(awb, entryFor(awb)));
  },
};
