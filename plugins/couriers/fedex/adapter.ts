import { BadResponse, Permanent, RateLimited, Transient, expectArray, expectObject, isObject, text, type CourierAdapter, type CourierHttp, type CourierResponse, type Json } from 'waybill';
import { TRACK_PATH } from './declaration.js';
import { dailyQuotaUsed, errorWords, isDailyQuota } from './rate-limit.js';
import { resultFor } from './track-result.js';

/** Descriptions in English, whatever the account's country: the status table reads some of FedEx's words. */
const HEADERS = { 'x-locale': 'en_US' };

export const trackRequestBody = (numbers: readonly string[]) => ({
  includeDetailedScans: true,
  trackingInfo: numbers.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
});

/**
 * POST the batch. The core pauses the courier on a 429 until its headers say (else the declared 10-second
 * window); only the answer's words tell FedEx's daily quota from that window, and the daily one lasts until 00:00 GMT.
 */
async function ask(http: CourierHttp, numbers: readonly string[], now: Date): Promise<CourierResponse> {
  try {
    return await http.post(TRACK_PATH, trackRequestBody(numbers), { headers: HEADERS });
  } catch (error) {
    if (error instanceof RateLimited && isDailyQuota(error.detail ?? '')) throw dailyQuotaUsed(error.detail!, now);
    throw error;
  }
}

/** `errors[]` of a whole request, with no output: about the numbers asked (Permanent, halved by the core), or FedEx's trouble. */
function requestRefused(body: Json): Error {
  const errors = Array.isArray(body.errors) ? body.errors.filter(isObject) : [];
  const codes = errors.map((e) => text(e.code) ?? '?');
  const words = errorWords(body) || 'no error named';
  if (codes.length > 0 && codes.every((c) => c.startsWith('TRACKING.'))) return new Permanent(`FedEx refused the tracking request: ${words}`);
  return new Transient(`FedEx answered the tracking request with errors: ${words}`);
}

/** `output.completeTrackResults[]` by tracking number (as FedEx echoes it, else as its first track result names it). */
function byNumber(completeTrackResults: unknown[]): (trackingNumber: string) => unknown {
  const entries = new Map<string, unknown>();
  for (const entry of completeTrackResults) {
    if (!isObject(entry)) continue;
    const [first] = Array.isArray(entry.trackResults) ? entry.trackResults : [];
    const info = isObject(first) && isObject(first.trackingNumberInfo) ? first.trackingNumberInfo : {};
    const number = text(entry.trackingNumber) ?? text(info.trackingNumber);
    if (number !== undefined && !entries.has(number.toUpperCase())) entries.set(number.toUpperCase(), entry);
  }
  return (trackingNumber) => entries.get(trackingNumber.trim().toUpperCase());
}

/** POST /track/v1/trackingnumbers with up to 30 numbers → `output.completeTrackResults`, one entry per number. */
export const fedexAdapter: CourierAdapter = {
  async track(batch, { http, clock }) {
    const numbers = batch.map((s) => s.trackingNumber);
    const res = await ask(http, numbers, clock.now());
    const body = expectObject(res.body, 'the tracking response');
    if (!isObject(body.output)) {
      if (Array.isArray(body.errors) && body.errors.length > 0) throw requestRefused(body);
      throw new BadResponse('unexpected_shape', 'the tracking response has neither "output" nor "errors"');
    }
    const entryFor = byNumber(expectArray(body.output.completeTrackResults, 'output.completeTrackResults'));
    return numbers.map((trackingNumber) => resultFor(trackingNumber, entryFor(trackingNumber)));
  },
};
