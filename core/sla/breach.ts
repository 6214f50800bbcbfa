import type { Shipment } from '../store/types.js';
import type { CheckedSlaRule } from './rules.js';

export interface SlaBreach {
  /** Rule, shipment and episode: the same breach found again has the same key (it is announced once). */
  key: string;
  rule: string;
  condition: CheckedSlaRule['condition'];
  hours: number;
  shipmentId: string;
  courier: string;
  trackingNumber: string;
  orderId: string | null;
  status: Shipment['status'];
  /** When the episode began: the status first entered (`in_status`), the last event (`no_event`), the first failed check of the streak (`check_failing`). */
  since: string;
  /** `since` plus the rule's hours: when the shipment breached it. */
  breachedAt: string;
}

/**
 * When the episode of a status rule began: a status is timed from when it was first entered (a status entered
 * again counts from its first time); a silence from the last event, or from when the status was entered if the
 * courier has reported none.
 */
export function statusEpisodeStart(rule: CheckedSlaRule, shipment: Shipment): string {
  const entered = shipment.statusFirstSeen[shipment.status] ?? shipment.createdAt;
  return rule.condition === 'in_status' ? entered : (shipment.lastEventAt ?? entered);
}

/** The breach of `rule` by `shipment` at `now` for an episode that began at `since`, or null. */
export function breachOf(rule: CheckedSlaRule, shipment: Shipment, since: string, now: Date): SlaBreach | null {
  if (!shipment.active || (rule.statuses !== null && !rule.statuses.includes(shipment.status))) return null;
  if (rule.courier !== undefined && rule.courier !== shipment.courier) return null;
  const breachedAt = Date.parse(since) + rule.hours * 3_600_000;
  if (breachedAt > now.getTime()) return null;
  return {
    key: `${rule.id}:${shipment.id}:${since}`,
    rule: rule.id,
    condition: rule.condition,
    hours: rule.hours,
    shipmentId: shipment.id,
    courier: shipment.courier,
    trackingNumber: shipment.trackingNumber,
    orderId: shipment.orderId,
    status: shipment.status,
    since,
    breachedAt: new Date(breachedAt).toISOString(),
  };
}
