import { afterCheck } from '../../core/shipment/check.js';
import { decideManualUpdate } from '../../core/shipment/manual.js';
import type { Store } from '../../core/store/port.js';
import type { CheckWrite, Lease, ManualUpdate, OutboxInput } from '../../core/store/types.js';

/** A check's result written under `lease`, as the engine writes it (the core's rule, the store's write). */
export function applyCheck(store: Store, shipmentId: string, lease: Lease, write: CheckWrite, now: Date, outbox: readonly OutboxInput[] = []) {
  return store.shipments.update(shipmentId, { lease, now }, (current) => afterCheck(current, write, now, () => [...outbox]));
}

/** An operator's status, as PUT …/status writes it; throws if the rule declined it or nothing was written. */
export async function applyManual(store: Store, shipmentId: string, update: ManualUpdate, outbox: readonly OutboxInput[] = []) {
  const outcome = await store.shipments.update(shipmentId, { now: update.at }, (current) => {
    const decision = decideManualUpdate(current, update, () => [...outbox]);
    if (decision.kind !== 'apply') throw new Error(`manual update to ${update.status} declined: ${decision.kind}`);
    return decision.update;
  });
  if (!outcome.written) throw new Error(`manual update not written: ${outcome.reason}`);
  return outcome.shipment;
}
