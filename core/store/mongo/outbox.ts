import type { ClaimOptions } from '../port.js';
import type { Filter } from 'mongodb';
import type { Delivery, DeliveryState, Lease, OutboxInput, OutboxMessage, Page } from '../types.js';
import { claimLoop, leaseFreeFilter } from './claims.js';
import type { MongoContext } from './collections.js';
import { insertIgnoringDuplicates } from './commit.js';
import { leaseFree } from '../lease.js';
import { freeLease, toDelivery, toOutboxMessage, type OutboxDoc, type PendingOutboxDoc, type ShipmentDoc } from './documents.js';
import { newId } from '../ids.js';
import { withoutPending } from './shipment-writes.js';

/**
 * The durable outbox. Entries caused by a status change are first written inside the shipment document,
 * in the same version as the change (`outboxPending`), so they cannot be lost between two writes. They are
 * then copied here (idempotent: the `_id` chosen at the change and the unique `dedupKey` make a second copy
 * a no-op) and only then removed from the shipment. If the process dies in between, the next
 * `claimOutbox` / `outboxCounts` of any instance finishes the move.
 */

function outboxDoc(entry: { id: string; effect: string; dedupKey: string; orderKey?: string | null | undefined; payload: string }, now: Date): OutboxDoc {
  return {
    _id: entry.id,
    seq: 0,
    effect: entry.effect,
    dedupKey: entry.dedupKey,
    orderKey: entry.orderKey ?? null,
    payload: entry.payload,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    createdAt: now,
    deliveredAt: null,
    lease: freeLease(),
  };
}

/** Copies a shipment's pending entries to the outbox, then drops them from the shipment. Never throws. */
export async function movePendingOutbox(ctx: MongoContext, doc: ShipmentDoc): Promise<void> {
  if (doc.outboxPending.length === 0) return;
  try {
    await insertIgnoringDuplicates(ctx.outbox, doc.outboxPending.map((p: PendingOutboxDoc) => outboxDoc(p, p.queuedAt)));
    const moved = new Set(doc.outboxPending.map((p) => p.id));
    await ctx.committer.mutate(
      ctx.shipments,
      doc._id,
      (current) => (current && current.outboxPending.some((p) => moved.has(p.id)) ? { next: withoutPending(current, moved) } : { skip: null }),
      { initial: doc, onBusy: 'skip' },
    );
  } catch {
    // The entries are safe in the shipment document; the next sweep moves them.
  }
}

/** Finishes moves that a writer could not complete (it died, or another writer was busy with the shipment). */
export async function sweepPendingOutbox(ctx: MongoContext): Promise<void> {
  const docs = await ctx.shipments.find({ 'outboxPending.id': { $gt: '' } }).limit(200).toArray();
  for (const doc of docs) await movePendingOutbox(ctx, doc);
}

/** The first of several items with the same key wins, as does an existing message with that key. */
export async function enqueueOutbox(ctx: MongoContext, items: readonly OutboxInput[], now: Date): Promise<void> {
  const seen = new Set<string>();
  const docs: OutboxDoc[] = [];
  for (const item of items) {
    if (seen.has(item.dedupKey)) continue;
    seen.add(item.dedupKey);
    docs.push(outboxDoc({ id: newId(), effect: item.effect, dedupKey: item.dedupKey, orderKey: item.orderKey, payload: JSON.stringify(item.payload) }, now));
  }
  await insertIgnoringDuplicates(ctx.outbox, docs);
}

const byDue = (a: OutboxDoc, b: OutboxDoc) =>
  a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1);

/** An earlier message of the same effect and order key is still pending: this one waits its turn. */
async function waitsItsTurn(ctx: MongoContext, doc: OutboxDoc): Promise<boolean> {
  if (doc.orderKey === undefined || doc.orderKey === null) return false;
  const earlier = await ctx.outbox.findOne(
    { effect: doc.effect, orderKey: doc.orderKey, state: 'pending', $or: [{ createdAt: { $lt: doc.createdAt } }, { createdAt: doc.createdAt, _id: { $lt: doc._id } }] },
    { projection: { _id: 1 } },
  );
  return earlier !== null;
}

export async function claimOutbox(ctx: MongoContext, { owner, now, limit, leaseMs }: ClaimOptions): Promise<OutboxMessage[]> {
  await sweepPendingOutbox(ctx);
  if (limit <= 0) return [];
  const due = (d: OutboxDoc) => d.state === 'pending' && d.nextAttemptAt.getTime() <= now.getTime() && leaseFree(d.lease, now);
  const claimed = await claimLoop<OutboxDoc>(
    (exclude, n) =>
      ctx.outbox
        .find({ state: 'pending', nextAttemptAt: { $lte: now }, ...leaseFreeFilter(now), ...(exclude.length ? { _id: { $nin: exclude } } : {}) })
        .sort({ nextAttemptAt: 1, createdAt: 1, _id: 1 })
        .limit(n)
        .toArray(),
    async (candidate) => {
      if (await waitsItsTurn(ctx, candidate)) return null;
      const result = await ctx.committer.mutate(
        ctx.outbox,
        candidate._id,
        (d) => (d && due(d) ? { next: { ...d, lease: { owner, token: d.lease.token + 1, until: new Date(now.getTime() + leaseMs) } } } : { skip: null }),
        { initial: candidate, onBusy: 'skip' },
      );
      return result.status === 'committed' ? result.doc : null;
    },
    limit,
  );
  return claimed.sort(byDue).map(toOutboxMessage);
}

async function finish(ctx: MongoContext, id: string, lease: Lease, change: (d: OutboxDoc) => Partial<OutboxDoc>): Promise<boolean> {
  const result = await ctx.committer.mutate(
    ctx.outbox,
    id,
    (d) =>
      d && d.lease.owner === lease.owner && d.lease.token === lease.token
        ? { next: { ...d, ...change(d), attempts: d.attempts + 1, lease: { owner: null, token: d.lease.token, until: null } } }
        : { skip: null },
    { onBusy: 'wait' },
  );
  return result.status === 'committed';
}

/** Accepted only from the current lease holder, once. */
export function completeOutbox(ctx: MongoContext, id: string, lease: Lease, now: Date): Promise<boolean> {
  return finish(ctx, id, lease, () => ({ state: 'delivered', deliveredAt: now }));
}

/** Retried at `retryAt`, or dead when there is none. */
export function failOutbox(ctx: MongoContext, id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): Promise<boolean> {
  return finish(ctx, id, lease, () => ({
    state: failure.retryAt ? 'pending' : 'dead',
    lastError: failure.error,
    nextAttemptAt: failure.retryAt ?? now,
  }));
}

export async function outboxCounts(ctx: MongoContext): Promise<{ pending: number; delivered: number; dead: number }> {
  await sweepPendingOutbox(ctx);
  const rows = await ctx.outbox.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$state', n: { $sum: 1 } } }]).toArray();
  const count = (state: string) => rows.find((r) => r._id === state)?.n ?? 0;
  return { pending: count('pending'), delivered: count('delivered'), dead: count('dead') };
}

const deliveryFilter = (filter: { state?: DeliveryState | undefined; effect?: string | undefined }): Filter<OutboxDoc> => ({
  ...(filter.state !== undefined ? { state: filter.state } : {}),
  ...(filter.effect !== undefined ? { effect: filter.effect } : {}),
});

/** Newest first (ties in reverse insertion order), as the SQLite store lists them. */
export async function listDeliveries(
  ctx: MongoContext,
  filter: { state?: DeliveryState | undefined; effect?: string | undefined },
  page: Page,
): Promise<{ items: Delivery[]; total: number }> {
  await sweepPendingOutbox(ctx);
  const where = deliveryFilter(filter);
  const [docs, total] = await Promise.all([
    page.limit <= 0 ? [] : ctx.outbox.find(where).sort({ createdAt: -1, _id: -1 }).skip(Math.max(0, page.offset)).limit(page.limit).toArray(),
    ctx.outbox.countDocuments(where),
  ]);
  return { items: docs.map(toDelivery), total };
}

export async function getDelivery(ctx: MongoContext, id: string): Promise<Delivery | null> {
  const doc = await ctx.outbox.findOne({ _id: id });
  return doc ? toDelivery(doc) : null;
}

export async function redrive(ctx: MongoContext, which: { ids: readonly string[] } | { effect: string }, now: Date): Promise<number> {
  const where: Filter<OutboxDoc> = 'effect' in which ? { state: 'dead', effect: which.effect } : { state: 'dead', _id: { $in: [...which.ids] } };
  const dead = await ctx.outbox.find(where).project<{ _id: string }>({ _id: 1 }).toArray();
  const results = await Promise.all(
    dead.map((d) =>
      ctx.committer.mutate(
        ctx.outbox,
        d._id,
        (doc) => (doc?.state === 'dead' ? { next: { ...doc, state: 'pending' as const, attempts: 0, nextAttemptAt: now, lease: { owner: null, token: doc.lease.token, until: null } } } : { skip: null }),
        { onBusy: 'wait' },
      ),
    ),
  );
  return results.filter((r) => r.status === 'committed').length;
}
