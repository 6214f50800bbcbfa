import type { RawEvent } from '../../courier/adapter.js';
import type { ApplyOutcome, CheckWrite, Lease, ManualUpdate, OutboxInput, Shipment } from '../types.js';
import { leaseFreeFilter } from './claims.js';
import type { MongoContext } from './collections.js';
import { insertIgnoringDuplicates } from './commit.js';
import { leaseFree, leaseHeld, newId, toShipment, type EventDoc, type ShipmentDoc } from './documents.js';
import { movePendingOutbox } from './outbox.js';
import { checked, manuallySet, stopped } from './shipment-writes.js';

/** Events are facts: inserted once per (shipment, at, status, status type, location), duplicates ignored. */
async function insertEvents(ctx: MongoContext, shipmentId: string, events: readonly RawEvent[], now: Date): Promise<number> {
  const docs: EventDoc[] = events.map((e) => ({
    _id: newId(),
    shipmentId,
    at: e.at,
    status: e.status,
    statusType: e.statusType ?? '',
    code: e.code ?? null,
    location: e.location ?? '',
    description: e.description ?? null,
    recordedAt: now,
  }));
  return insertIgnoringDuplicates(ctx.events, docs);
}

/**
 * Fencing: the lease is checked on the version being replaced, and the replace only succeeds if nobody
 * wrote the shipment since (commit.ts), so a stale holder, a second apply under the same lease, or a write
 * after expiry all end in `lease_lost`. Status, history, first-seen, outbox entries and the lease release
 * are one document version. Events go first (after a lease pre-check): they are idempotent facts, and a
 * crash between the two writes then loses nothing (the next check re-applies the result).
 */
export async function applyCheck(ctx: MongoContext, shipmentId: string, lease: Lease, write: CheckWrite, now: Date): Promise<ApplyOutcome> {
  const lost = { applied: false, reason: 'lease_lost' } as const;
  const doc = await ctx.shipments.findOne({ _id: shipmentId });
  if (!doc || !leaseHeld(doc.lease, lease, now)) return lost;
  const newEvents = await insertEvents(ctx, shipmentId, write.events, now);
  let transitioned = false;
  const result = await ctx.committer.mutate(
    ctx.shipments,
    shipmentId,
    (current) => {
      if (!current || !leaseHeld(current.lease, lease, now)) return { skip: null };
      const next = checked(current, write, now);
      transitioned = next.transitioned;
      return { next: next.doc };
    },
    { initial: doc, onBusy: 'wait' },
  );
  if (result.status !== 'committed') return lost;
  await movePendingOutbox(ctx, result.doc);
  return { applied: true, newEvents, transitioned, shipment: toShipment(result.doc) };
}

export async function applyManualStatus(ctx: MongoContext, shipmentId: string, update: ManualUpdate, outbox: readonly OutboxInput[]): Promise<Shipment> {
  const result = await ctx.committer.mutate(
    ctx.shipments,
    shipmentId,
    (current) => (current ? { next: manuallySet(current, update, outbox) } : { skip: null }),
    { onBusy: 'wait' },
  );
  if (result.status !== 'committed') throw new Error(`shipment ${shipmentId} does not exist`);
  await movePendingOutbox(ctx, result.doc);
  return toShipment(result.doc);
}

export async function untrack(ctx: MongoContext, shipmentIds: readonly string[], now: Date): Promise<number> {
  const results = await Promise.all(
    [...new Set(shipmentIds)].map((id) =>
      ctx.committer.mutate(ctx.shipments, id, (doc) => (doc?.active ? { next: stopped(doc, 'untracked', now) } : { skip: null }), {
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
        ctx.committer.mutate(ctx.shipments, doc._id, (d) => (d && stale(d) ? { next: stopped(d, 'expired', now) } : { skip: null }), {
          initial: doc,
          onBusy: 'wait',
        }),
      ),
    );
    // Expired ones no longer match the query; only the ones left alone need excluding.
    results.forEach((r, i) => (r.status === 'committed' ? expired++ : tried.push(batch[i]!._id)));
  }
}
