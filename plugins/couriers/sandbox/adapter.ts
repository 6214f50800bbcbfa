import { expectArray, expectObject, isObject, text, type CourierAdapter, type RawEvent, type TrackResult } from 'waybill';
import { sandboxWebhooks } from './webhook.js';

function toEvent(value: unknown): RawEvent[] {
  if (!isObject(value)) return [];
  const status = text(value.status);
  const at = text(value.occurred_at);
  return status && at ? [{ status, at, description: text(value.status_detail), location: text(value.location) }] : [];
}

/** POST /v1/tracking/batch with up to 20 numbers; found ones in `results`, unknown ones in `errors`. Webhooks: webhook.ts. */
export const sandboxAdapter: CourierAdapter = {
  ...sandboxWebhooks,
  async track(batch, { http }) {
    const res = await http.post('/v1/tracking/batch', { tracking_numbers: batch.map((s) => s.trackingNumber) });
    const body = expectObject(res.body, 'the tracking response');
    const results: TrackResult[] = [];
    for (const item of expectArray(body.results ?? [], 'results')) {
      const trackingNumber = isObject(item) ? text(item.tracking_number) : undefined;
      const status = isObject(item) ? text(item.status) : undefined;
      if (!isObject(item) || !trackingNumber || !status) continue; // a partial entry is reported as not found
      results.push({
        trackingNumber,
        found: true,
        status,
        statusAt: text(item.occurred_at),
        location: text(item.location),
        eta: text(item.estimated_delivery),
        reference: text(item.reference),
        events: Array.isArray(item.events) ? item.events.flatMap(toEvent) : [],
      });
    }
    for (const item of expectArray(body.errors ?? [], 'errors')) {
      const trackingNumber = isObject(item) ? text(item.tracking_number) : undefined;
      if (!isObject(item) || !trackingNumber) continue;
      results.push({ trackingNumber, found: false, reason: text(item.message) ?? text(item.code) ?? 'not found' });
    }
    return results;
  },
};
