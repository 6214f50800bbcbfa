import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { CanonicalStatus, CheckObserver, Clock, SideEffect } from 'waybill';
import type { OrdersConfig } from './config.js';
import { orderFilter, readOrderRef } from './order-ref.js';
import type { StatusLookup } from './status-lookup.js';
import { timestampKey, writeFirstSeen, writeOrderStatus } from './status-write.js';

export const ORDERS_EFFECT_NAME = 'orders-mongo';

/** After a failed write, observers skip the shop database this long instead of slowing every batch down. */
const OBSERVER_BACKOFF_MS = 30_000;

interface WritebackDeps {
  config: OrdersConfig;
  orders: Collection<Document>;
  clock: Clock;
}

const couriersOf = (config: OrdersConfig) => [...new Set(config.selectors.map((s) => s.courier))];

/**
 * On every stored check of a shipment that came from the orders collection: set the order's last tracking
 * time and the courier's raw status. Best effort (the next check writes the same facts again), one bulk
 * write per batch, and only while the order still carries the shipment's tracking number.
 */
export function ordersCheckObserver({ config, orders, clock }: WritebackDeps): CheckObserver {
  const f = config.fields;
  let skipUntil = 0;
  return {
    name: ORDERS_EFFECT_NAME,
    couriers: couriersOf(config),
    async observe(notices, { log }) {
      const operations: AnyBulkWriteOperation<Document>[] = [];
      for (const { shipment, checkedAt } of notices) {
        const ref = readOrderRef(shipment.metadata);
        if (!ref) continue;
        const set: Record<string, unknown> = { [f.lastTrackingTime]: new Date(checkedAt) };
        if (shipment.rawStatus !== null) set[f.courierStatus] = shipment.rawStatus;
        operations.push({ updateOne: { filter: orderFilter(ref), update: { $set: set } } });
      }
      if (operations.length === 0) return;
      if (clock.now().getTime() < skipUntil) {
        log.debug({ orders: operations.length }, 'orders write-back skipped: the shop database failed recently');
        return;
      }
      try {
        await orders.bulkWrite(operations, { ordered: false });
      } catch (error) {
        skipUntil = clock.now().getTime() + OBSERVER_BACKOFF_MS;
        throw error;
      }
    },
  };
}

/**
 * On every canonical status change of a shipment that came from the orders collection (delivered through
 * the durable outbox, at least once): record when the shop status was first reached, set the order's
 * status id and append it to the status history without consecutive duplicates. Idempotent: delivering
 * the same change again changes nothing. Throws (and is retried) when the shop database or status is missing.
 */
export function ordersStatusEffect({ config, orders }: WritebackDeps, statuses: StatusLookup): SideEffect {
  const mapped = (Object.entries(config.statusNames) as [CanonicalStatus, string | null][]).filter(([, name]) => name !== null);
  return {
    name: ORDERS_EFFECT_NAME,
    statuses: mapped.map(([canonical]) => canonical),
    couriers: couriersOf(config),
    async deliver(message, { log }) {
      if (message.type !== 'shipment.status_changed') return;
      const ref = readOrderRef(message.metadata);
      const name = config.statusNames[message.to];
      if (!ref || !name) return;
      const status = await statuses.get(name);
      const order = orderFilter(ref);
      const at = new Date(message.at);
      const firstSeen = await writeFirstSeen(orders, order, config.fields.trackingTimestamps, timestampKey(name), at);
      const written = await writeOrderStatus(orders, order, status, at, config.fields);
      log.debug({ order: ref.id, trackingNumber: message.trackingNumber, status: name, firstSeen, written }, 'order status written back');
    },
  };
}
