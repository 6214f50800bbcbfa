import type { FastifyBaseLogger } from 'fastify';
import type { Collection, Document, Filter } from 'mongodb';
import type { Clock, CourierRegistry, Shipment, ShipmentInput, Store } from 'waybill';
import type { OrdersConfig, OrdersSelector } from './config.js';
import { selectorFilter, selectorSort } from './filter.js';
import { ORDER_REF_KEY, documentId, orderRef, readOrderRef, trackingNumberIn, valueAt, type OrderRef } from './order-ref.js';

/** The `origin` of every shipment this source registers. */
export const ORDERS_ORIGIN = 'orders-mongo';

export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  /** Orders (per selector) that matched a selector and carry a tracking number. */
  matched: number;
  /** New shipments. */
  registered: number;
  /** Known shipments registered again: metadata refreshed, tracked again if they had been untracked or expired. */
  refreshed: number;
  /** Matching orders whose shipment already finished (terminal, stopped, failed): left alone. */
  settled: number;
  /** Shipments whose order stopped matching its selector. */
  untracked: number;
  /** Orders skipped because their `_id` is neither an ObjectId, a string nor a number. */
  unsupportedIds: number;
  /** Selectors whose courier is not registered in this Waybill. */
  skippedSelectors: string[];
}

export interface OrdersSourceDeps {
  config: OrdersConfig;
  orders: Collection<Document>;
  store: Store;
  registry: CourierRegistry;
  clock: Clock;
  log: FastifyBaseLogger;
}

const keyOf = (courier: string, trackingNumber: string) => `${courier}\u0000${trackingNumber}`;
const docKey = (ref: Pick<OrderRef, 'idType' | 'id'>) => `${ref.idType}:${ref.id}`;

/**
 * Keeps Waybill's shipments in step with the shop's orders collection: registers orders that match a
 * selector, untracks shipments whose order stopped matching. Pages through both sides; one sync at a
 * time per instance (concurrent calls share it), and safe to run from several instances (idempotent).
 */
export class OrdersSource {
  #running: Promise<SyncReport> | null = null;
  lastReport: SyncReport | null = null;

  constructor(private readonly deps: OrdersSourceDeps) {}

  sync(): Promise<SyncReport> {
    this.#running ??= this.#sync().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Resolves when no sync is running (for shutdown). */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  async #sync(): Promise<SyncReport> {
    const { config, registry, clock, log } = this.deps;
    const now = clock.now();
    const report: SyncReport = { startedAt: now.toISOString(), finishedAt: '', matched: 0, registered: 0, refreshed: 0, settled: 0, untracked: 0, unsupportedIds: 0, skippedSelectors: [] };
    const tracked = await this.#untrackStale(now, report);
    for (const selector of config.selectors) {
      if (!registry.get(selector.courier)) {
        report.skippedSelectors.push(selector.name);
        log.warn({ selector: selector.name, courier: selector.courier }, `orders selector ${selector.name}: courier "${selector.courier}" is not registered; its orders are not synced`);
        continue;
      }
      await this.#registerMatching(selector, now, tracked, report);
    }
    report.finishedAt = clock.now().toISOString();
    this.lastReport = report;
    log.info({ report }, `orders sync: ${report.registered} new, ${report.refreshed} refreshed, ${report.untracked} untracked shipments`);
    return report;
  }

  /**
   * Re-check every active shipment of this origin against its selector, a page at a time, and untrack the
   * ones whose order no longer matches (status moved on, booked too long ago, tracking number changed,
   * selector removed…). Returns the still-matching shipments as `courier+number → order`.
   */
  async #untrackStale(now: Date, report: SyncReport): Promise<Map<string, string>> {
    const { config, store, orders } = this.deps;
    const tracked = new Map<string, string>();
    const stale: string[] = [];
    for (let offset = 0; ; offset += config.pageSize) {
      const { items } = await store.shipments.list({ origin: ORDERS_ORIGIN, active: true }, { limit: config.pageSize, offset });
      const bySelector = new Map<string, { shipment: Shipment; ref: OrderRef }[]>();
      for (const shipment of items) {
        // Without a reference (metadata replaced by someone else) it cannot be checked; registering restores it.
        const ref = readOrderRef(shipment.metadata);
        if (ref) bySelector.set(ref.selector, [...(bySelector.get(ref.selector) ?? []), { shipment, ref }]);
      }
      for (const [name, group] of bySelector) {
        const selector = config.selectors.find((s) => s.name === name);
        const matching = new Set<string>();
        if (selector) {
          const field = selector.trackingNumberField;
          const docs = await orders
            .find({ $and: [selectorFilter(config, selector, now), { _id: { $in: group.map((g) => documentId(g.ref)) } } as Filter<Document>] })
            .project<Document>({ _id: 1, [field]: 1 })
            .toArray();
          for (const doc of docs) {
            const ref = orderRef(doc, name, field, '');
            const number = trackingNumberIn(doc, field)?.number;
            if (ref && number) matching.add(`${docKey(ref)}\u0000${keyOf(selector.courier, number)}`);
          }
        }
        for (const { shipment, ref } of group) {
          const key = keyOf(shipment.courier, shipment.trackingNumber);
          if (matching.has(`${docKey(ref)}\u0000${key}`)) tracked.set(key, docKey(ref));
          else stale.push(shipment.id);
        }
      }
      if (items.length < config.pageSize) break;
    }
    for (let i = 0; i < stale.length; i += config.pageSize) {
      report.untracked += await store.shipments.untrack(stale.slice(i, i + config.pageSize), this.deps.clock.now());
    }
    return tracked;
  }

  /** Stream the selector's matching orders, oldest tracked first, and register those not already tracked. */
  async #registerMatching(selector: OrdersSelector, now: Date, tracked: Map<string, string>, report: SyncReport): Promise<void> {
    const { config, orders, store, clock } = this.deps;
    const field = selector.trackingNumberField;
    const cursor = orders
      .find(selectorFilter(config, selector, now))
      .sort(selectorSort(config))
      .project<Document>({ _id: 1, [config.fields.orderId]: 1, [config.fields.lastTrackingTime]: 1, [field]: 1 })
      .batchSize(config.pageSize);
    let batch: { input: ShipmentInput; ref: OrderRef }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      // A shipment that finished (delivered, lost, stopped…) stays finished even if its order still matches.
      const existing = await Promise.all(batch.map(({ input }) => store.shipments.get(input.courier, input.trackingNumber)));
      const inputs = batch.filter(({ ref }, i) => !isSettled(existing[i], ref)).map(({ input }) => input);
      report.settled += batch.length - inputs.length;
      batch = [];
      if (inputs.length === 0) return;
      const outcomes = await store.shipments.register(inputs, clock.now());
      const created = outcomes.filter((o) => o.created).length;
      report.registered += created;
      report.refreshed += outcomes.length - created;
    };
    try {
      for await (const doc of cursor) {
        const number = trackingNumberIn(doc, field);
        if (!number) continue;
        report.matched += 1;
        const ref = orderRef(doc, selector.name, field, number.raw);
        if (!ref) {
          report.unsupportedIds += 1;
          continue;
        }
        const key = keyOf(selector.courier, number.number);
        if (tracked.get(key) === docKey(ref)) continue;
        tracked.set(key, docKey(ref));
        const input: ShipmentInput = {
          courier: selector.courier,
          trackingNumber: number.number,
          orderId: orderIdOf(doc, config.fields.orderId),
          metadata: { [ORDER_REF_KEY]: ref },
          origin: ORDERS_ORIGIN,
          firstCheckAt: lastTrackedAt(doc, config.fields.lastTrackingTime),
        };
        batch.push({ input, ref });
        if (batch.length >= config.pageSize) await flush();
      }
      await flush();
    } finally {
      await cursor.close();
    }
  }
}

/** Inactive for good (not expired or untracked, which registering tracks again), and still the same order. */
function isSettled(shipment: Shipment | null | undefined, ref: OrderRef): boolean {
  if (!shipment || shipment.active || shipment.inactiveReason === 'expired' || shipment.inactiveReason === 'untracked') return false;
  const stored = readOrderRef(shipment.metadata);
  return stored !== null && docKey(stored) === docKey(ref);
}

/** Oldest tracked first: an order is first due when it was last tracked; one never tracked, before all others. */
function lastTrackedAt(doc: Document, field: string): Date {
  const value = valueAt(doc, field);
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : new Date(0);
}

function orderIdOf(doc: Document, field: string): string | null {
  const value = valueAt(doc, field);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
