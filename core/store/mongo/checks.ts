import { leaseFree, leaseHeld } from '../lease.js';
import type { Lease, MappedEvent, Shipment, ShipmentUpdate, UpdateOutcome } from '../types.js';
import { leaseFreeFilter } from './claims.js';
import type { UpdateRequest } from '../port.js';
import type { MongoContext } from './collections.js';
import { insertIgnoringDuplicates } from './commit.js';
import { toShipment, type EventDoc, type ShipmentDoc } from './documents.js';
import { newId } from '../ids.js';
import { movePendingOutbox } from './outbox.js';
import { stoppedDoc, updated } from './shipment-writes.js';

/** Events are facts: inserted once per (shipment, at, status, status type, location), duplicates ignored. */
async function insertEvents(ctx: MongoContext, shipmentId: string, events: readonly MappedEvent[], now: Date): Promise<number> {
  const docs: EventDoc[] = events.map((e) => ({
    _id: newId(),
    shipmentId,
    at: e.at,
    status: e.status,
    statusType: e.statusType ?? '',
    code: e.code ?? null,
    location: e.location ?? '',
    description: e.description ?? null,
    canonicalStatus: e.canonicalStatus,
    substatus: e.substatus,
    recordedAt: now,
  }));
  return insertIgnoringDuplicates(ctx.events, docs);
}

/**
 * Fencing: the lease is checked on the version being replaced, and the replace only succeeds if nobody
 * wrote the shipment since (commit.ts), so a stale holder, a second write under the same lease, or a write
 * after expiry all end in `lease_lost`. State, history, outbox entries and the lease are one document
 * version. Events go first (after a lease pre-check): they are idempotent facts, and a crash between the
 * two writes then loses nothing (the next check re-applies the result).
 */
export async function updateShipment<U extends ShipmentUpdate>(
  ctx: MongoContext,
  shipmentId: string,
  guard: { lease?: Lease | undefined; now: Date },
  decide: (current: Shipment) => U | null,
): Promise<UpdateOutcome<U>> {
  const { lease, now } = guard;
  const held = (doc: ShipmentDoc) => lease === undefined || leaseHeld(doc.lease, lease, now);
  const doc = await ctx.shipments.findOne({ _id: shipmentId });
  if (!doc) return { written: false, reason: 'missing' };
  if (!held(doc)) return { written: false, reason: 'lease_lost' };
  const first = decide(toShipment(doc));
  if (!first) return { written: false, reason: 'declined' };
  const newEvents = await insertEvents(ctx, shipmentId, first.events, now);
  let committed: U = first;
  const result = await ctx.committer.mutate<ShipmentDoc, UpdateOutcome<U> & { written: false }>(
    ctx.shipments,
    shipmentId,
    (current) => {
      if (!current) return { skip: { written: false, reason: 'missing' } };
      if (!held(current)) return { skip: { written: false, reason: 'lease_lost' } };
      const update = current === doc ? first : decide(toShipment(current));
      if (!update) return { skip: { written: false, reason: 'declined' } };
      committed = update;
      return { next: updated(current, update, now) };
    },
    { initial: doc, onBusy: 'wait' },
  );
  if (result.status === 'skipped') return result.reason;
  if (result.status !== 'committed') return { written: false, reason: 'lease_lost' };
  await movePendingOutbox(ctx, result.doc);
  return { written: true, newEvents, shipment: toShipment(result.doc), update: committed };
}

/** Each shipment is its own document (and its own atomic write), so the writes go out together. */
export function updateShipments<U extends ShipmentUpdate>(ctx: MongoContext, requests: readonly UpdateRequest<U>[]): Promise<UpdateOutcome<U>[]> {
  return Promise.all(requests.map(({ shipmentId, guard, decide }) => updateShipment(ctx, shipmentId, guard, decide)));
}

export async function untrack(ctx: MongoContext, shipmentIds: readonly string[], now: Date): Promise<number> {
  const results = await Promise.all(
    [...new Set(shipmentIds)].map((id) =>
      ctx.committer.mutate(ctx.shipments, id, (doc) => (doc?.active ? { next: stoppedDoc(doc, toShipment(doc), 'untracked', now) } : { skip: null }), {
        onBusy: 'wait',
      }),
    ),
  );
  return results.filter((r) => r.status === 'committed').length;
}

/** Leased shipments are left alone: their holder is checking them right now. */
export async function expireStale(ctx: MongoContext, courier: string, cutoff: Date, now: Date): Promise<number> {
  const stale = (doc: ShipmentDoc) =>
    doc.courier === courier && doc.active && doc.trackingSince.getTime() < cutoff.getTime() && leaseFree(doc.lease, now);
  let expired = 0;
  const tried: string[] = [];
  for (;;) {
    const batch = await ctx.shipments
      .find({ courier, active: true, trackingSince: { $lt: cutoff }, ...leaseFreeFilter(now), ...(tried.length ? { _id: { $nin: tried } } : {}) })
      .limit(500)
      .toArray();
    if (batch.length === 0) return expired;
    const results = await Promise.all(
      batch.map((doc) =>
        ctx.committer.mutate(ctx.shipments, doc._id, (d) => (d && stale(d) ? { next: stoppedDoc(d, toShipment(d), 'expired', now) } : { skip: null }), {
          initial: doc,
          onBusy: 'wait',
        }),
      ),
    );
    // Expired ones no longer match the query; only the ones left alone need excluding.
    results.forEach((r, i) => (r.status === 'committed' ? expired++ : tried.push(batch[i]!._id)));
  }
}
