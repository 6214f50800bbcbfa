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

/**
 * What writing a status change did: appended it to the history; found the history already ending with it
 * (another writer got there first, or this is a redelivery) and only set the order's status; skipped it
 * because a newer change is already written; or found no order carrying the shipment's tracking number.
 */
export type StatusWrite = 'appended' | 'already last' | 'outdated' | 'no order';

/** Rounds of read + conditional update before giving up (the outbox then retries later). */
const ATTEMPTS = 5;

const sameValue = (a: unknown, b: unknown) =>
  a !== null && typeof a === 'object' && 'equals' in a && typeof a.equals === 'function' ? Boolean(a.equals(b)) : isDeepStrictEqual(a, b);

/** Matches the order only while its history is exactly as read: same length, same last element. */
function historyAsRead(history: unknown, field: string): Filter<Document> {
  if (history === undefined || history === null) return { [field]: null };
  if (!Array.isArray(history)) throw new Error(`order field ${field} is not an array; cannot append to it`);
  const n = history.length;
  return n === 0 ? { [field]: { $size: 0 } } : { [field]: { $size: n }, [`${field}.${n - 1}`]: history[n - 1] };
}

/**
 * Set the order's status and append it to the status history unless the history's actual last element is
 * already that status (whoever wrote it: Waybill, the shop's admin, a previous tracker).
 *
 * FerretDB v1 has neither `$expr` with `$arrayElemAt` nor pipeline updates, so the last element cannot be
 * compared inside the update itself (as the seed did). Instead the history is read, and the update's filter
 * pins what was read (the history's length and last element, and `lastStatusAt`); if another writer changed
 * the order in between, the update matches nothing and the round is repeated on a fresh read.
 *
 * `lastStatusAt` (the time of the change Waybill last wrote) keeps a late retry of an older change from
 * putting the order back after a newer one was written.
 */
export async function writeOrderStatus(orders: Collection<Document>, order: Filter<Document>, status: ShopStatus, at: Date, f: OrderFields): Promise<StatusWrite> {
  const set = { [f.orderStatus]: status.id, [f.lastStatusAt]: at };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const doc = await orders.findOne(order, { projection: { [f.statusHistory]: 1, [f.lastStatusAt]: 1 } });
    if (!doc) return 'no order';
    const writtenAt = valueAt(doc, f.lastStatusAt);
    if (writtenAt instanceof Date && writtenAt.getTime() > at.getTime()) return 'outdated';
    const history = valueAt(doc, f.statusHistory);
    const asRead = { $and: [order, { [f.lastStatusAt]: writtenAt ?? null }, historyAsRead(history, f.statusHistory)] };
    const endsWithIt = Array.isArray(history) && history.length > 0 && sameValue(history[history.length - 1], status.historyValue);
    const update = endsWithIt
      ? { $set: set }
      : Array.isArray(history)
        ? ({ $set: set, $push: { [f.statusHistory]: status.historyValue } } as UpdateFilter<Document>)
        : { $set: { ...set, [f.statusHistory]: [status.historyValue] } };
    const result = await orders.updateOne(asRead, update);
    if (result.matchedCount > 0) return endsWithIt ? 'already last' : 'appended';
  }
  throw new Error(`order kept changing while its status was written (${ATTEMPTS} attempts on ${f.statusHistory}); will retry`);
}
