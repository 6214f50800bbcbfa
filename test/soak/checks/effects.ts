import type { StoredDelivery, StoredShipment } from '../store-snapshot.js';

/** A delivery as the webhook receiver accepted it (signature verified). */
export interface AcceptedDelivery {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

export interface EffectFigures {
  outboxDeliveries: number;
  receiverAccepted: number;
  /** Deliveries the receiver accepted more than once (at least once allows it), each with the same id and body. */
  redelivered: number;
  outboxDuplicateKeys: number;
  undelivered: number;
}

/** The courier's moves to another status (a substatus change alone is delivered only to effects that ask). */
function statusMoves(shipment: StoredShipment): string[] {
  return shipment.history.flatMap((h, i) => (h.source === 'courier' && h.status !== shipment.history[i - 1]?.status ? [`${h.status}@${h.at}`] : []));
}

/**
 * Every status change in a history has exactly one outbox entry (one dedup key), delivered; the receiver got
 * each at least once, and whatever reached it twice carried the same webhook-id and the same message.
 */
export function checkEffects(
  shipments: ReadonlyMap<string, StoredShipment>,
  outbox: readonly StoredDelivery[],
  accepted: readonly AcceptedDelivery[],
  messageId: (dedupKey: string) => string,
  figures: EffectFigures,
  problems: string[],
): void {
  const deliveries = outbox.filter((d) => d.effect.startsWith('webhook'));
  figures.outboxDeliveries += deliveries.length;
  figures.receiverAccepted += accepted.length;
  const keys = new Map<string, number>();
  for (const d of deliveries) keys.set(d.dedupKey, (keys.get(d.dedupKey) ?? 0) + 1);
  for (const [key, count] of keys) {
    if (count === 1) continue;
    figures.outboxDuplicateKeys += 1;
    problems.push(`the outbox holds dedup key ${key} ${count} times`);
  }
  const changesOf = new Map<string, string[]>();
  for (const d of deliveries) {
    const list = changesOf.get(String(d.payload.trackingNumber)) ?? [];
    list.push(`${d.payload.to}@${d.payload.at}`);
    changesOf.set(String(d.payload.trackingNumber), list);
  }
  for (const [trackingNumber, shipment] of shipments) {
    const inHistory = statusMoves(shipment).sort();
    const inOutbox = (changesOf.get(trackingNumber) ?? []).sort();
    if (inHistory.join() !== inOutbox.join()) problems.push(`${trackingNumber}: status changes ${inHistory.join(', ')} but outbox entries ${inOutbox.join(', ')}`);
  }
  const received = new Map<string, string[]>();
  for (const a of accepted) received.set(a.id, [...(received.get(a.id) ?? []), JSON.stringify(a.data)]);
  const expectedIds = new Set(deliveries.map((d) => messageId(d.dedupKey)));
  for (const d of deliveries) {
    if (d.state !== 'delivered') {
      figures.undelivered += 1;
      problems.push(`delivery ${d.dedupKey} is ${d.state}, not delivered`);
    }
    const bodies = received.get(messageId(d.dedupKey));
    if (!bodies) problems.push(`delivery ${d.dedupKey} never reached the receiver`);
    else if (new Set(bodies).size > 1) problems.push(`delivery ${d.dedupKey} reached the receiver ${bodies.length} times with different messages`);
  }
  for (const [id, bodies] of received) {
    figures.redelivered += bodies.length - 1;
    if (!expectedIds.has(id)) problems.push(`the receiver accepted ${id}, which no outbox entry explains`);
  }
}
