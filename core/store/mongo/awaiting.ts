import type { AwaitingStore } from '../port.js';
import type { AwaitedShipment } from '../types.js';
import type { MongoContext } from './collections.js';

/** One document per order and courier, keyed by both: a repeat announces it again. */
export async function addAwaiting(ctx: MongoContext, item: Parameters<AwaitingStore['add']>[0], now: Date): Promise<void> {
  await ctx.awaiting.updateOne(
    { _id: JSON.stringify([item.orderId, item.courier]) },
    {
      $set: { orderId: item.orderId, courier: item.courier, reference: item.reference ?? null, metadata: item.metadata ?? {}, registeredAt: now },
    },
    { upsert: true },
  );
}

export async function awaitingForOrder(ctx: MongoContext, orderId: string): Promise<AwaitedShipment[]> {
  const docs = await ctx.awaiting.find({ orderId }).sort({ registeredAt: 1, courier: 1 }).toArray();
  return docs.map((d) => ({ orderId: d.orderId, courier: d.courier, reference: d.reference, metadata: d.metadata, registeredAt: d.registeredAt.toISOString() }));
}
