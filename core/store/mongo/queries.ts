import type { Filter } from 'mongodb';
import type { HistoryEntry, Page, Shipment, ShipmentFilter, ShipmentRecord, StoredEvent } from '../types.js';
import type { MongoContext } from './collections.js';
import { toEvent, toHistory, toShipment, type ShipmentDoc } from './documents.js';

/** Read-only queries: each reads committed document versions, never a half-written state. */

/** Shipment reads never need the embedded history (but a lookup's) or outbox entries. */
const SHIPMENT_FIELDS = { history: 0, outboxPending: 0 } as const;

export async function getShipment(ctx: MongoContext, courier: string, trackingNumber: string): Promise<Shipment | null> {
  const doc = await ctx.shipments.findOne({ courier, trackingNumber }, { projection: SHIPMENT_FIELDS });
  return doc ? toShipment(doc) : null;
}

/** History lives in the shipment's document: the shipment and its history in one read, its events in a second. */
export async function lookupShipment(ctx: MongoContext, courier: string, trackingNumber: string): Promise<ShipmentRecord | null> {
  const doc = await ctx.shipments.findOne({ courier, trackingNumber }, { projection: { outboxPending: 0 } });
  if (!doc) return null;
  return { shipment: toShipment(doc), events: await getEvents(ctx, doc._id), history: (doc.history ?? []).map(toHistory) };
}

function shipmentFilter(filter: ShipmentFilter): Filter<ShipmentDoc> {
  const where: Filter<ShipmentDoc> = {};
  if (filter.courier !== undefined) where.courier = filter.courier;
  if (filter.origin !== undefined) where.origin = filter.origin;
  if (filter.status !== undefined) where.status = filter.status;
  if (filter.active !== undefined) where.active = filter.active;
  if (filter.orderIds !== undefined) where.orderId = { $in: [...filter.orderIds] };
  if (filter.trackingNumbers !== undefined) where.trackingNumber = { $in: [...filter.trackingNumbers] };
  if (filter.notCheckedSince !== undefined) where.$or = [{ lastCheckedAt: null }, { lastCheckedAt: { $lt: filter.notCheckedSince } }];
  if (filter.failures !== undefined) {
    where.consecutiveFailures = 'atLeast' in filter.failures ? { $gte: filter.failures.atLeast } : { $lt: filter.failures.below };
  }
  return where;
}

/** Newest first (ties in creation order), as the SQLite store does. */
export async function listShipments(ctx: MongoContext, filter: ShipmentFilter, page: Page): Promise<{ items: Shipment[]; total: number }> {
  const where = shipmentFilter(filter);
  const [docs, total] = await Promise.all([
    // limit(0) would mean "no limit" to MongoDB.
    page.limit <= 0
      ? []
      : ctx.shipments
          .find(where, { projection: SHIPMENT_FIELDS })
          .sort({ createdAt: -1, _id: 1 })
          .skip(Math.max(0, page.offset))
          .limit(page.limit)
          .toArray(),
    ctx.shipments.countDocuments(where),
  ]);
  return { items: docs.map(toShipment), total };
}

export async function listShipmentsByOrder(ctx: MongoContext, orderId: string): Promise<Shipment[]> {
  const docs = await ctx.shipments.find({ orderId }, { projection: SHIPMENT_FIELDS }).sort({ createdAt: 1, _id: 1 }).toArray();
  return docs.map(toShipment);
}

export async function pageShipmentsByOrder(ctx: MongoContext, orderId: string, page: Page): Promise<{ items: Shipment[]; total: number }> {
  const [docs, total] = await Promise.all([
    // limit(0) would mean "no limit" to MongoDB.
    page.limit <= 0 ? [] : ctx.shipments.find({ orderId }, { projection: SHIPMENT_FIELDS }).sort({ createdAt: 1, _id: 1 }).skip(page.offset).limit(page.limit).toArray(),
    ctx.shipments.countDocuments({ orderId }),
  ]);
  return { items: docs.map(toShipment), total };
}

/** In courier time order; events with the same time in the order they were recorded. */
export async function getEvents(ctx: MongoContext, shipmentId: string): Promise<StoredEvent[]> {
  const docs = await ctx.events.find({ shipmentId }).sort({ at: 1, _id: 1 }).toArray();
  return docs.map(toEvent);
}

export async function getHistory(ctx: MongoContext, shipmentId: string): Promise<HistoryEntry[]> {
  const doc = await ctx.shipments.findOne({ _id: shipmentId }, { projection: { history: 1 } });
  return (doc?.history ?? []).map(toHistory);
}

export async function countDue(ctx: MongoContext, courier: string, now: Date): Promise<number> {
  return ctx.shipments.countDocuments({ courier, active: true, nextCheckAt: { $lte: now } });
}

export async function countByStatus(ctx: MongoContext): Promise<{ courier: string; status: string; active: boolean; count: number }[]> {
  const rows = await ctx.shipments
    .aggregate<{ _id: { courier: string; status: string; active: boolean }; count: number }>([
      { $group: { _id: { courier: '$courier', status: '$status', active: '$active' }, count: { $sum: 1 } } },
    ])
    .toArray();
  return rows.map((r) => ({ courier: r._id.courier, status: r._id.status, active: r._id.active, count: r.count }));
}
