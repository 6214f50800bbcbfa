import type { Clock } from '../clock.js';
import { requiresAttention } from '../shipment/attention.js';
import type { HistoryEntry, Run, Shipment, StoredEvent } from '../store/types.js';

/** What a shipment's view depends on besides the shipment: the time, and after how many failures it requires attention. */
export interface ViewContext {
  now: Date;
  attentionAfterFailures: number;
}

export const viewContextOf = ({ clock, config }: { clock: Clock; config: { attentionAfterFailures: number } }): ViewContext => ({
  now: clock.now(),
  attentionAfterFailures: config.attentionAfterFailures,
});

export function shipmentSummary(s: Shipment, { now, attentionAfterFailures }: ViewContext) {
  return {
    id: s.id,
    courier: s.courier,
    trackingNumber: s.trackingNumber,
    orderId: s.orderId,
    reference: s.reference,
    metadata: s.metadata,
    status: s.status,
    substatus: s.substatus,
    rawStatus: s.rawStatus,
    statusFirstSeen: s.statusFirstSeen as Record<string, string>,
    lastEventAt: s.lastEventAt,
    lastCheckedAt: s.lastCheckedAt,
    nextCheckAt: s.nextCheckAt,
    active: s.active,
    inactiveReason: s.inactiveReason,
    lastError: s.lastError,
    consecutiveFailures: s.consecutiveFailures,
    requiresAttention: requiresAttention(s, attentionAfterFailures),
    eta: s.eta,
    location: s.location,
    driver: s.driver,
    links: s.links,
    origin: s.origin,
    master: s.master,
    createdAt: s.createdAt,
    ageSeconds: s.lastCheckedAt === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(s.lastCheckedAt)) / 1000)),
  };
}

export function shipmentView(
  s: Shipment,
  events: StoredEvent[],
  history: HistoryEntry[],
  source: 'cache' | 'live',
  context: ViewContext,
  liveError?: string | null,
) {
  return { ...shipmentSummary(s, context), events, history, source, ...(liveError ? { liveError } : {}) };
}

export function runView(run: Run) {
  return {
    id: run.id,
    courier: run.courier,
    trigger: run.trigger,
    state: run.state,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    heartbeatAt: run.heartbeatAt,
    counts: run.counts,
    ...(run.error ? { error: run.error } : {}),
    ...(run.pausedUntil ? { pausedUntil: run.pausedUntil } : {}),
    unmappedStatuses: run.unmappedStatuses,
  };
}
