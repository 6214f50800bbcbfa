import type { AwaitingStore } from '../port.js';
import type { AwaitedShipment } from '../types.js';
import type { Prepare } from './statements.js';

interface AwaitingRow {
  order_id: string;
  courier: string;
  reference: string | null;
  metadata: string;
  registered_at: string;
}

export class SqliteAwaiting implements AwaitingStore {
  constructor(private readonly prepare: Prepare) {}

  async add(item: Parameters<AwaitingStore['add']>[0], now: Date): Promise<void> {
    this.prepare(
        `INSERT INTO awaiting_shipments (order_id, courier, reference, metadata, registered_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (order_id, courier) DO UPDATE SET reference = excluded.reference, metadata = excluded.metadata, registered_at = excluded.registered_at`,
      )
      .run(item.orderId, item.courier, item.reference ?? null, JSON.stringify(item.metadata ?? {}), now.toISOString());
  }

  async forOrder(orderId: string): Promise<AwaitedShipment[]> {
    const rows = this.prepare<[string], AwaitingRow>('SELECT * FROM awaiting_shipments WHERE order_id = ? ORDER BY registered_at, courier').all(orderId);
    return rows.map((r) => ({ orderId: r.order_id, courier: r.courier, reference: r.reference, metadata: JSON.parse(r.metadata) as Record<string, unknown>, registeredAt: r.registered_at }));
  }
}
