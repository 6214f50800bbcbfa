import { isDeepStrictEqual } from 'node:util';
import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import type { OrderFields } from './config.js';
import { valueAt } from './order-ref.js';
import type { ShopStatus } from './status-lookup.js';

/** `in transit` → `in_transit`: a status name as a field name (no dots, no `$`). */
export function timestampKey(statusName: string): string {
  return statusName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'unnamed';
}

/**
 * Set `<timestamps>.<key>` only if it is not set yet, as a condition of the update itself (no read): the
 * first occurrence wins, later checks and redeliveries change nothing. Also works when the timestamps
 * object itself is missing or null.
 */
export async function writeFirstSeen(orders: Collection<Document>, order: Filter<Document>, field: string, key: string, at: Date): Promise<boolean> {
  const path = `${field}.${key}`;
  const result = await orders.bulkWrite(
    [
      { updateOne: { filter: { $and: [order, { [field]: { $type: 'object' } }, { [path]: { $exists: false } }] }, update: { $set: { [path]: at } } } },
      { updateOne: { filter: { $and: [order, { [field]: null }] }, update: { $set: { [field]: { [key]: at } } } } },
    ],
    { ordered: true },
  );
  return result.modifiedCount > 0;
}

export type StatusWrite = 'applied' | 'unchanged';

const sameValue = (a: unknown, b: unknown) =>
  a !== null && typeof a === 'object' && 'equals' in a && typeof a.equals === 'function' ? Boolean(a.equals(b)) : isDeepStrictEqual(a, b);

/**
 * Set the order's status and append it to the status history unless the history already ends with it.
 *
 * Usual case, one conditional update: the order carries `lastStatus` (the value Waybill last appended) and
 * `lastStatusAt`; the update applies only if `lastStatus` differs and the change is not older than the one
 * already written. So a redelivered change does nothing and a late retry of an older change cannot put the
 * order back. (FerretDB v1 supports neither `$expr` with `$arrayElemAt` nor pipeline updates, so the
 * history's last element cannot be compared inside the update itself.)
 *
 * First change Waybill writes to an order (no `lastStatus` yet): the history may have been written by
 * another system, so its actual last element is read and the update is a compare-and-set on the history's
 * length and last element; a concurrent change makes it miss, and it is tried again.
 */
export async function writeOrderStatus(orders: Collection<Document>, order: Filter<Document>, status: ShopStatus, at: Date, f: OrderFields): Promise<StatusWrite> {
  const set = { [f.orderStatus]: status.id, [f.lastStatus]: status.historyValue, [f.lastStatusAt]: at };
  const push = { $set: set, $push: { [f.statusHistory]: status.historyValue } } as UpdateFilter<Document>;
  const notOlder = { $or: [{ [f.lastStatusAt]: null }, { [f.lastStatusAt]: { $lte: at } }] };
  const usual = await orders.updateOne({ $and: [order, { [f.lastStatus]: { $exists: true, $ne: status.historyValue } }, notOlder] }, push);
  if (usual.matchedCount > 0) return 'applied';

  for (let attempt = 1; attempt <= 3; attempt++) {
    const first = { $and: [order, { [f.lastStatus]: { $exists: false } }] };
    const doc = await orders.findOne(first, { projection: { [f.statusHistory]: 1 } });
    // Already written by Waybill (same status, or a newer change got there first), or no such order.
    if (!doc) return 'unchanged';
    const history = valueAt(doc, f.statusHistory);
    let guard: Filter<Document>;
    let update: UpdateFilter<Document>;
    if (history === undefined || history === null) {
      guard = { [f.statusHistory]: null };
      update = { $set: { ...set, [f.statusHistory]: [status.historyValue] } };
    } else if (Array.isArray(history)) {
      const n = history.length;
      guard = n === 0 ? { [f.statusHistory]: { $size: 0 } } : { [f.statusHistory]: { $size: n }, [`${f.statusHistory}.${n - 1}`]: history[n - 1] };
      update = n > 0 && sameValue(history[n - 1], status.historyValue) ? { $set: set } : push;
    } else {
      throw new Error(`order field ${f.statusHistory} is not an array; cannot append to it`);
    }
    const result = await orders.updateOne({ $and: [first, guard] }, update);
    if (result.matchedCount > 0) return 'applied';
  }
  throw new Error(`order changed while its status was written (${f.statusHistory}); will retry`);
}
