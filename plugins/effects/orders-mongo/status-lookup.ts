import type { Collection, Document } from 'mongodb';
import type { Clock } from 'waybill';
import type { OrdersConfig } from './config.js';
import { valueAt } from './order-ref.js';

/** A shop status as the orders collection records it. */
export interface ShopStatus {
  name: string;
  /** What `order_status` is set to (the status document's id field). */
  id: unknown;
  /** What is appended to the status history (by default the status document's `_id`). */
  historyValue: unknown;
}

/** Looks shop statuses up by name in the `status` collection, with a short cache (the collection is read-only here). */
export class StatusLookup {
  readonly #cache = new Map<string, { status: ShopStatus; until: number }>();

  constructor(
    private readonly statuses: Collection<Document>,
    private readonly config: Pick<OrdersConfig, 'statusNameField' | 'statusIdField' | 'statusHistoryValueField' | 'statusCacheSeconds' | 'statusCollection'>,
    private readonly clock: Clock,
  ) {}

  /** Throws (so the outbox retries) when the shop has no such status: a configuration problem to fix. */
  async get(name: string): Promise<ShopStatus> {
    const now = this.clock.now().getTime();
    const cached = this.#cache.get(name);
    if (cached && cached.until > now) return cached.status;
    const { statusNameField, statusIdField, statusHistoryValueField, statusCollection } = this.config;
    const doc = await this.statuses.findOne({ [statusNameField]: name });
    if (!doc) throw new Error(`no status named "${name}" in collection ${statusCollection} (field ${statusNameField})`);
    const id = valueAt(doc, statusIdField);
    const historyValue = valueAt(doc, statusHistoryValueField);
    if (id === undefined || id === null) throw new Error(`status "${name}" in collection ${statusCollection} has no ${statusIdField}`);
    if (historyValue === undefined || historyValue === null) throw new Error(`status "${name}" in collection ${statusCollection} has no ${statusHistoryValueField}`);
    const status = { name, id, historyValue };
    this.#cache.set(name, { status, until: now + this.config.statusCacheSeconds * 1000 });
    return status;
  }
}
