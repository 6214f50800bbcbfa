import type { AttentionAlert } from '../effects/contract.js';
import type { OutboxInput, Shipment } from '../store/types.js';
import type { CheckUpdate } from './check.js';

/** A shipment whose last `threshold` checks or more all failed (WAYBILL_ATTENTION_AFTER_FAILURES). */
export const requiresAttention = (shipment: Shipment, threshold: number): boolean => shipment.consecutiveFailures >= threshold;

function attentionAlert(s: Shipment): AttentionAlert {
  return {
    type: 'shipment.requires_attention',
    shipmentId: s.id,
    courier: s.courier,
    trackingNumber: s.trackingNumber,
    orderId: s.orderId,
    status: s.status,
    consecutiveFailures: s.consecutiveFailures,
    lastError: s.lastError,
    at: s.lastCheckedAt ?? s.updatedAt,
  };
}

/**
 * The check's update, with the attention alert in the same write when this check is the one that crosses
 * the threshold, so it is sent once per crossing (a shipment that recovers and fails again alerts again).
 */
export function withAttention(current: Shipment, update: CheckUpdate, threshold: number, outboxFor: (alert: AttentionAlert) => OutboxInput[]): CheckUpdate {
  if (requiresAttention(current, threshold) || !requiresAttention(update.next, threshold)) return update;
  return { ...update, outbox: [...update.outbox, ...outboxFor(attentionAlert(update.next))] };
}
