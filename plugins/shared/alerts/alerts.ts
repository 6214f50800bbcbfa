import type { AttentionAlert, EffectMessage, LocalTime, RunReport, StatusChange } from 'waybill';

/**
 * The alerts the replaced systems sent (seed 000: lost/destroyed, cancelled, RTO, B2B same-day; rate limits, failures,
 * unmapped, token refresh), and seed 003's shipments whose checks keep failing (`attention`).
 */
export const ALERT_KINDS = ['lost', 'cancelled', 'rto', 'b2b_same_day', 'courier_paused', 'run_failed', 'auth_failed', 'unmapped', 'attention'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  kind: AlertKind;
  title: string;
  /** One line per fact, e.g. `Tracking: SBX-1 (sandbox)`. */
  lines: string[];
}

export interface AlertRules {
  /** Couriers whose deliveries are B2B: delivered on the day they were registered is worth telling. */
  b2bCouriers: readonly string[];
  /** The zone of that calendar day. */
  zone: LocalTime;
}

const RETURN_LEG = new Set(['rto_initiated', 'rto_in_transit']);

function shipmentLines(c: StatusChange): string[] {
  return [
    `Tracking: ${c.trackingNumber} (${c.courier})`,
    ...(c.orderId ? [`Order: ${c.orderId}`] : []),
    `Status: ${c.from} → ${c.to}${c.substatus ? ` (${c.substatus})` : ''}`,
    ...(c.rawStatus ? [`Courier says: ${c.rawStatus}`] : []),
    `At: ${c.at}`,
    ...(c.source !== 'courier' ? [`Set by: ${c.updatedBy ?? 'unknown'} (${c.source})`] : []),
  ];
}

function changeAlert(c: StatusChange, rules: AlertRules): Alert | null {
  if (c.from === c.to) return null;
  const lines = shipmentLines(c);
  if (c.to === 'lost' || c.to === 'destroyed') return { kind: 'lost', title: `Shipment ${c.to}: ${c.trackingNumber}`, lines };
  if (c.to === 'cancelled') return { kind: 'cancelled', title: `Shipment cancelled: ${c.trackingNumber}`, lines };
  if (RETURN_LEG.has(c.to) && !RETURN_LEG.has(c.from)) return { kind: 'rto', title: `Return to origin: ${c.trackingNumber}`, lines };
  const sameDay = rules.zone.day(new Date(c.at)) === rules.zone.day(new Date(c.registeredAt));
  if (c.to === 'delivered' && rules.b2bCouriers.includes(c.courier) && sameDay) {
    return { kind: 'b2b_same_day', title: `B2B delivered the same day: ${c.trackingNumber}`, lines };
  }
  return null;
}

function runAlerts({ run, unmappedStatuses }: RunReport): Alert[] {
  const alerts: Alert[] = [];
  const lines = [`Courier: ${run.courier}`, `Run: ${run.id} (${run.trigger})`, ...(run.error ? [`Reason: ${run.error}`] : [])];
  if (run.state === 'paused') alerts.push({ kind: 'courier_paused', title: `${run.courier} paused${run.pausedUntil ? ` until ${run.pausedUntil}` : ''}`, lines });
  if (run.state === 'failed' && run.error?.startsWith('authentication failed')) alerts.push({ kind: 'auth_failed', title: `${run.courier}: authentication failed`, lines });
  else if (run.state === 'failed') alerts.push({ kind: 'run_failed', title: `${run.courier}: run failed`, lines });
  else if (run.state === 'abandoned') alerts.push({ kind: 'run_failed', title: `${run.courier}: run abandoned (its instance stopped)`, lines });
  if (unmappedStatuses.length > 0) {
    alerts.push({ kind: 'unmapped', title: `${run.courier}: raw statuses without a row in the status table`, lines: [...lines.slice(0, 2), `Statuses: ${unmappedStatuses.join(', ')}`] });
  }
  return alerts;
}

function attentionAlert(a: AttentionAlert): Alert {
  const lines = [
    `Tracking: ${a.trackingNumber} (${a.courier})`,
    ...(a.orderId ? [`Order: ${a.orderId}`] : []),
    `Status: ${a.status}`,
    `Failed checks in a row: ${a.consecutiveFailures}`,
    ...(a.lastError ? [`Last error: ${a.lastError}`] : []),
    `At: ${a.at}`,
  ];
  return { kind: 'attention', title: `Shipment requires attention: ${a.trackingNumber}`, lines };
}

/** What a message is worth telling people about (often nothing). */
export function alertsFor(message: EffectMessage, rules: AlertRules): Alert[] {
  if (message.type === 'shipment.status_changed') return [changeAlert(message, rules)].filter((a): a is Alert => a !== null);
  if (message.type === 'run.finished') return runAlerts(message);
  if (message.type === 'shipment.requires_attention') return [attentionAlert(message)];
  return [];
}

/** The statuses a status-change alert can be about, for an effect's subscription filter. */
export const ALERTED_STATUSES = ['lost', 'destroyed', 'cancelled', 'rto_initiated', 'rto_in_transit', 'delivered'] as const;
