import { BadResponse, expectObject, text, type FoundResult, type RawEvent } from 'waybill';
import { CANCELLATION_REASON } from './statuses.js';
import { instant } from './time.js';

/** Steps the delivery object keeps a time of, as the API status of that step. */
const MILESTONES = [
  ['pickup_time_actual', 'picked_up'],
  ['dropoff_time_actual', 'delivered'],
  ['return_time_actual', 'returned'],
] as const;

/**
 * Get Delivery's answer as a result: the current `delivery_status` as of `updated_at`, and the steps the
 * object keeps a time of (pickup, dropoff, return), so a delivery whose webhooks were missed still has a
 * timeline. The answer has no history of its own.
 */
export function readDelivery(trackingNumber: string, answer: unknown): FoundResult {
  const body = expectObject(answer, 'the delivery');
  const status = text(body.delivery_status);
  if (!status) throw new BadResponse('unexpected_shape', 'the delivery has no delivery_status');
  const statusAt = instant(body.updated_at);
  const reason = text(body[CANCELLATION_REASON]);
  const milestones = MILESTONES.flatMap(([field, step]): RawEvent[] => {
    const at = instant(body[field]);
    return at && step !== status ? [{ at, status: step }] : [];
  });
  return {
    trackingNumber,
    found: true,
    status,
    statusAt,
    description: reason,
    fields: reason ? { [CANCELLATION_REASON]: reason } : {},
    eta: instant(body.dropoff_time_estimated),
    events: [...milestones, ...(statusAt ? [{ at: statusAt, status, description: reason }] : [])],
  };
}
