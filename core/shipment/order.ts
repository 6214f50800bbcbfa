import type { CanonicalStatus } from '../statuses.js';
import type { AwaitedShipment, Shipment } from '../store/types.js';
import { rollUp, type StatusPart } from './rollup.js';
import { originalOf } from './status-change.js';

/** Seed 001's answer for an order whose shipment has no tracking number yet. */
export const NOT_INITIATED = { code: 'NO_AWB', message: 'Shipment not initiated for this order yet' } as const;

/** One shipment of an order: its packages (the master first) with their returns, or one still awaited. */
export type OrderShipment =
  | { kind: 'tracked'; courier: string; trackingNumber: string; status: CanonicalStatus; substatus: string | null; packages: Shipment[]; returns: Shipment[] }
  | { kind: 'awaited'; courier: string; awaited: AwaitedShipment };

export interface Order {
  orderId: string;
  /** Null while no shipment of the order has a tracking number. */
  rollup: StatusPart | null;
  shipments: OrderShipment[];
}

const groupKey = (s: Pick<Shipment, 'courier' | 'master' | 'trackingNumber'>) => JSON.stringify([s.courier, s.master ?? s.trackingNumber]);

/** The order's packages grouped into shipments (by courier and master number), each return under its original. */
function trackedShipments(shipments: readonly Shipment[]): Extract<OrderShipment, { kind: 'tracked' }>[] {
  const numbers = new Set(shipments.map((s) => JSON.stringify([s.courier, s.trackingNumber])));
  const isReturnHere = (s: Shipment) => {
    const original = originalOf(s);
    return original !== undefined && numbers.has(JSON.stringify([s.courier, original]));
  };
  const groups = new Map<string, Shipment[]>();
  for (const s of shipments.filter((s) => !isReturnHere(s))) groups.set(groupKey(s), [...(groups.get(groupKey(s)) ?? []), s]);
  return [...groups.values()].map((packages) => {
    const master = packages.find((p) => p.master === null) ?? packages[0]!;
    const ordered = [master, ...packages.filter((p) => p !== master)];
    const own = new Set(ordered.map((p) => p.trackingNumber));
    const returns = shipments.filter((s) => isReturnHere(s) && own.has(originalOf(s)!));
    const rollup = rollUp(ordered)!;
    return { kind: 'tracked', courier: master.courier, trackingNumber: master.master ?? master.trackingNumber, ...rollup, packages: ordered, returns };
  });
}

/**
 * An order as Waybill knows it, or null when it knows no shipment of it. An awaited shipment stands until a
 * shipment at its courier is registered after it; it counts as info_received in the order's roll-up.
 */
export function orderOf(orderId: string, shipments: readonly Shipment[], awaited: readonly AwaitedShipment[]): Order | null {
  if (shipments.length === 0 && awaited.length === 0) return null;
  const tracked = trackedShipments(shipments);
  const superseded = (a: AwaitedShipment) => tracked.some((t) => t.courier === a.courier && t.packages.some((p) => p.createdAt >= a.registeredAt));
  const pending: OrderShipment[] = awaited.filter((a) => !superseded(a)).map((a) => ({ kind: 'awaited', courier: a.courier, awaited: a }));
  const parts: StatusPart[] = [...tracked.map((t) => ({ status: t.status, substatus: t.substatus })), ...pending.map(() => ({ status: 'info_received' as const, substatus: null }))];
  return { orderId, rollup: tracked.length === 0 ? null : rollUp(parts), shipments: [...tracked, ...pending] };
}
