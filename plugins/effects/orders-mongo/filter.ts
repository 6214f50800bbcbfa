import type { Document, Filter, Sort } from 'mongodb';
import type { OrdersConfig, OrdersSelector } from './config.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The MongoDB query for the orders one selector tracks (the seed's tracking filters, declaratively):
 * status in the tracked ids, booked within the buffer period, booking courier matching, source in / not
 * in a list, tracking number present and non-empty, the `requireAbsent` fields absent, null or empty,
 * and any extra `where` conditions.
 */
export function selectorFilter(config: OrdersConfig, selector: OrdersSelector, now: Date): Filter<Document> {
  const f = config.fields;
  const and: Filter<Document>[] = [
    { [f.orderStatus]: { $in: config.statusIds } },
    { [f.bookedAt]: { $gte: new Date(now.getTime() - config.bufferDays * DAY_MS) } },
    { [selector.trackingNumberField]: { $exists: true, $nin: [null, ''] } },
  ];
  if (selector.bookingCourier !== undefined) and.push({ [f.bookingCourier]: { $regex: selector.bookingCourier, $options: 'i' } });
  if (selector.sourceIn) and.push({ [f.source]: { $in: selector.sourceIn } });
  if (selector.sourceNotIn) and.push({ [f.source]: { $nin: selector.sourceNotIn } });
  for (const field of selector.requireAbsent ?? []) and.push({ [field]: { $in: [null, ''] } });
  if (selector.where) and.push(selector.where as Filter<Document>);
  return { $and: and };
}

/** Oldest tracked first (never-tracked orders sort first), then by `_id` for a stable order. */
export function selectorSort(config: OrdersConfig): Sort {
  return { [config.fields.lastTrackingTime]: 1, _id: 1 };
}
