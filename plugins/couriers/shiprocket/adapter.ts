import type { CourierAdapter } from '../../../core/courier/adapter.js';
import { expectObject, type Json } from '../../../core/courier/shape.js';
import { BadResponse } from '../../../core/errors.js';
import { resultFor } from './tracking-data.js';

const COURIER = 'shiprocket';
export const TRACK_PATH = '/courier/track/awbs';

/** The AWB → entry map. PHP encodes an empty map as `[]`, so that means "no AWB known" too. */
function awbMap(body: unknown): Json {
  if (Array.isArray(body) && body.length === 0) return {};
  const map = expectObject(body, COURIER, 'the track/awbs response');
  // An error envelope with HTTP 200 would otherwise read as "every AWB missing".
  if (typeof map.status_code === 'number' && typeof map.message === 'string') {
    throw new BadResponse('unexpected_shape', `${COURIER}: track/awbs answered an error envelope: ${map.message}`, COURIER);
  }
  return map;
}

function lookup(map: Json, awb: string, upper: Map<string, unknown>): unknown {
  return Object.hasOwn(map, awb) ? map[awb] : upper.get(awb.toUpperCase());
}

/**
 * POST /courier/track/awbs with up to 50 AWBs; the answer is an object keyed by AWB. An AWB Shiprocket
 * does not know is absent from it or has `track_status: 0`: both are reported as not found. HTTP errors,
 * including a refused login, are the core's to handle.
 */
export const shiprocketAdapter: CourierAdapter = {
  async track(batch, { http }) {
    const awbs = batch.map((s) => s.trackingNumber);
    // A 400/422 (e.g. more than 50 AWBs) stays the core's Permanent: a batch of several backs off, one of one is marked failed.
    const res = await http.post(TRACK_PATH, { awbs });
    const map = awbMap(res.body);
    const upper = new Map(Object.entries(map).map(([key, value]) => [key.trim().toUpperCase(), value]));
    return awbs.map((awb) => resultFor(awb, lookup(map, awb, upper)));
  },
};
