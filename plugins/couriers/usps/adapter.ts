import { BadResponse, oneNumberPerRequest } from 'waybill';
import { trackingPath } from './declaration.js';
import { errorReason, readTrackingAnswer } from './tracking-answer.js';

/**
 * `GET /tracking/v3/tracking/{number}?expand=DETAIL`, one number per request. A 404 with USPS's error body
 * is that number's "not found" (often only "not yet": a label USPS has not heard of), never a failure. A 503
 * with `Retry-After` pauses the courier like a 429 (the core reads it); without it, it is transient.
 */
export const uspsAdapter = oneNumberPerRequest(async ({ trackingNumber }, { http }) => {
  const path = trackingPath(trackingNumber);
  const res = await http.get(path, { expand: 'DETAIL' }, { passStatuses: [404] });
  if (res.status === 404) {
    const reason = errorReason(res.body);
    if (reason === undefined) throw new BadResponse('unexpected_shape', `GET ${path} answered 404 without USPS's error body (is the base URL right?)`);
    return { trackingNumber, found: false, reason: http.redact(reason) };
  }
  const result = readTrackingAnswer(trackingNumber, res.body);
  return result.found ? result : { ...result, reason: http.redact(result.reason) };
});
