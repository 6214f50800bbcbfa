import type { HistoryEntry, Shipment, StoredEvent } from '../../store/types.js';

/**
 * A location as a customer may see it: the last comma-separated part of the courier's words. Couriers name
 * hubs and cities ("Mumbai Hub"); where one writes an address ("12 Main St, Springfield") only the city is kept.
 */
export function cityLevel(location: string | undefined): string | null {
  const city = location?.split(',').at(-1)?.trim();
  return city ? city : null;
}

/**
 * Where the data came from (seed 001's flags): `cached` once the courier has answered for the shipment,
 * `unavailable` before. A guest never makes Waybill call the courier (its quota is the scheduler's), so
 * the customer routes answer from the store only and never say `live`.
 */
function dataSource(s: Shipment, now: Date) {
  if (s.lastCheckedAt === null) return { source: 'unavailable' as const, ageSeconds: null };
  return { source: 'cached' as const, ageSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(s.lastCheckedAt)) / 1000)) };
}

/**
 * The privacy filter: what a customer sees of a shipment is built field by field from this allow-list.
 * Nothing else of the shipment (order id, reference, metadata, raw status, errors, driver, links, leases)
 * nor of its history (who updated it, notes) and events (descriptions, codes) reaches a guest.
 */
export function customerView(s: Shipment, events: readonly StoredEvent[], history: readonly HistoryEntry[], now: Date) {
  const timeline = history.map((entry) => {
    const event = events.find((e) => e.canonicalStatus === entry.status && e.at === entry.at);
    return { status: entry.status, substatus: entry.substatus, at: entry.at, location: cityLevel(event?.location) };
  });
  return {
    trackingNumber: s.trackingNumber,
    courier: s.courier,
    status: s.status,
    substatus: s.substatus,
    eta: s.eta,
    updatedAt: s.lastEventAt ?? history.at(-1)?.at ?? s.createdAt,
    checkedAt: s.lastCheckedAt,
    timeline,
    ...dataSource(s, now),
  };
}

export type CustomerView = ReturnType<typeof customerView>;
