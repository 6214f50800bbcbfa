import type { Filter } from 'mongodb';
import type { CheckLogFilter, CheckRecord } from '../check-log.js';
import type { Page } from '../types.js';
import type { MongoContext } from './collections.js';
import { newId } from '../ids.js';

export interface CheckLogDoc extends CheckRecord {
  _id: string;
}

export async function recordChecks(ctx: MongoContext, checks: readonly CheckRecord[]): Promise<void> {
  if (checks.length === 0) return;
  await ctx.checkLog.insertMany(checks.map((c) => ({ _id: newId(), ...c })), { ordered: true });
}

/** Newest first; ties by `_id`, which grows with insertion within an instance. */
export async function listChecks(ctx: MongoContext, filter: CheckLogFilter, page: Page): Promise<{ items: CheckRecord[]; total: number }> {
  const where: Filter<CheckLogDoc> = {};
  if (filter.shipmentId !== undefined) where.shipmentId = filter.shipmentId;
  if (filter.courier !== undefined) where.courier = filter.courier;
  if (filter.since !== undefined) where.at = { $gte: filter.since };
  const [docs, total] = await Promise.all([
    // limit(0) would mean "no limit" to MongoDB.
    page.limit <= 0 ? [] : ctx.checkLog.find(where).sort({ at: -1, _id: -1 }).skip(page.offset).limit(page.limit).toArray(),
    ctx.checkLog.countDocuments(where),
  ]);
  return { items: docs.map(({ _id, ...record }) => record), total };
}

export async function pruneChecks(ctx: MongoContext, before: Date): Promise<number> {
  return (await ctx.checkLog.deleteMany({ at: { $lt: before } })).deletedCount;
}
