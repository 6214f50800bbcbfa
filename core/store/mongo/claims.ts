import type { Filter } from 'mongodb';
import type { ClaimOptions } from '../port.js';
import type { ClaimedShipment, Lease } from '../types.js';
import type { MongoContext } from './collections.js';
import { leaseFree } from '../lease.js';
import { toShipment, type ShipmentDoc, type Versioned } from './documents.js';
import { leased, released } from './shipment-writes.js';

/** Matches documents whose lease is free at `now` (never leased, released, or expired). */
export const leaseFreeFilter = (now: Date) => ({ $or: [{ 'lease.until': null }, { 'lease.until': { $lte: now } }] });

/**
 * Claims up to `limit` documents: asks `find` for candidates (oldest first, skipping ones already tried)
 * and claims each with its own versioned write. A candidate another claimer got first is skipped and
 * the next one is fetched, so concurrent claimers share the due documents without handing any out twice.
 */
export async function claimLoop<D extends Versioned>(
  find: (exclude: string[], limit: number) => Promise<D[]>,
  claim: (doc: D) => Promise<D | null>,
  limit: number,
): Promise<D[]> {
  const claimed: D[] = [];
  const tried: string[] = [];
  while (claimed.length < limit) {
    const candidates = await find(tried, limit - claimed.length);
    if (candidates.length === 0) break;
    tried.push(...candidates.map((c) => c._id));
    for (const doc of await Promise.all(candidates.map(claim))) if (doc) claimed.push(doc);
  }
  return claimed;
}

const dueFilter = (courier: string, now: Date): Filter<ShipmentDoc> => ({
  courier,
  active: true,
  nextCheckAt: { $lte: now },
  ...leaseFreeFilter(now),
});

const isDue = (doc: ShipmentDoc, courier: string, now: Date) =>
  doc.courier === courier && doc.active && doc.nextCheckAt !== null && doc.nextCheckAt.getTime() <= now.getTime() && leaseFree(doc.lease, now);

const byNextCheck = (a: ShipmentDoc, b: ShipmentDoc) =>
  (a.nextCheckAt?.getTime() ?? 0) - (b.nextCheckAt?.getTime() ?? 0) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

function toClaim(doc: ShipmentDoc): ClaimedShipment {
  return { shipment: toShipment(doc), lease: { owner: doc.lease.owner!, token: doc.lease.token } };
}

export async function claimDue(ctx: MongoContext, courier: string, { owner, now, limit, leaseMs }: ClaimOptions): Promise<ClaimedShipment[]> {
  if (limit <= 0) return [];
  const claimed = await claimLoop<ShipmentDoc>(
    (exclude, n) =>
      ctx.shipments
        .find({ ...dueFilter(courier, now), ...(exclude.length ? { _id: { $nin: exclude } } : {}) })
        .sort({ nextCheckAt: 1, _id: 1 })
        .limit(n)
        .toArray(),
    async (candidate) => {
      const result = await ctx.committer.mutate(
        ctx.shipments,
        candidate._id,
        (doc) => (doc && isDue(doc, courier, now) ? { next: leased(doc, owner, now, leaseMs) } : { skip: null }),
        { initial: candidate, onBusy: 'skip' },
      );
      return result.status === 'committed' ? result.doc : null;
    },
    limit,
  );
  return claimed.sort(byNextCheck).map(toClaim);
}

export async function claimOne(
  ctx: MongoContext,
  courier: string,
  trackingNumber: string,
  { owner, now, leaseMs }: Omit<ClaimOptions, 'limit'>,
): Promise<ClaimedShipment | null> {
  const doc = await ctx.shipments.findOne({ courier, trackingNumber });
  if (!doc) return null;
  const result = await ctx.committer.mutate(
    ctx.shipments,
    doc._id,
    (current) => (current && leaseFree(current.lease, now) ? { next: leased(current, owner, now, leaseMs) } : { skip: null }),
    { initial: doc, onBusy: 'wait' },
  );
  return result.status === 'committed' ? toClaim(result.doc) : null;
}

export async function releaseLeases(ctx: MongoContext, items: readonly { shipmentId: string; lease: Lease }[]): Promise<void> {
  await Promise.all(
    items.map(({ shipmentId, lease }) =>
      ctx.committer.mutate(
        ctx.shipments,
        shipmentId,
        (doc) => (doc && doc.lease.owner === lease.owner && doc.lease.token === lease.token ? { next: released(doc) } : { skip: null }),
        { onBusy: 'wait' },
      ),
    ),
  );
}
