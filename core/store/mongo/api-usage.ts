import { hourOf, isFailedCall, type ApiUsageFilter, type HourlyApiUsage } from '../api-usage.js';
import type { MongoContext } from './collections.js';

/**
 * Counted here rather than by an aggregation pipeline: FerretDB v1 has no date operators to group by the
 * hour. Only the fields counted are read, off the (courier, at) or (at) index.
 */
export async function apiUsage(ctx: MongoContext, filter: ApiUsageFilter): Promise<HourlyApiUsage[]> {
  const where = { at: { $gte: filter.from, $lt: filter.to }, ...(filter.courier === undefined ? {} : { courier: filter.courier }) };
  const buckets = new Map<string, HourlyApiUsage>();
  for await (const call of ctx.apiCalls.find(where, { projection: { _id: 0, courier: 1, at: 1, status: 1, error: 1 } })) {
    const hour = hourOf(call.at.toISOString());
    const key = `${hour} ${call.courier}`;
    const bucket = buckets.get(key) ?? { courier: call.courier, hour, requests: 0, rateLimited: 0, failed: 0 };
    bucket.requests += 1;
    if (call.status === 429) bucket.rateLimited += 1;
    if (isFailedCall(call.status, call.error)) bucket.failed += 1;
    buckets.set(key, bucket);
  }
  return [...buckets.values()].sort((a, b) => (a.hour === b.hour ? a.courier.localeCompare(b.courier) : a.hour < b.hour ? -1 : 1));
}
