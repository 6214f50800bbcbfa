import { isObject, text, type DriverPosition, type FoundResult, type Json, type RawEvent } from 'waybill';

/**
 * Readers of Uber's delivery object (Get Delivery's answer, and `data` of every webhook), shared by
 * polling and webhooks. Pure: they never throw; each caller decides what a missing part means.
 */

/** An ISO-8601 time, or undefined when the value is absent or not a time. */
export function timeOf(value: unknown): string | undefined {
  const t = text(value);
  return t !== undefined && !Number.isNaN(Date.parse(t)) ? t : undefined;
}

/** The deliveries Uber links to this one: `original` (on a return delivery) and the return leg (on the original). */
export interface Relations {
  original?: string;
  returnLeg?: string;
}

/** `related_deliveries`: a list in the webhook samples, a single object in Uber's OpenAPI; both are read. */
export function relationsOf(delivery: Json): Relations {
  const raw = delivery.related_deliveries;
  const entries = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : [];
  const relations: Relations = {};
  for (const entry of entries) {
    const id = isObject(entry) ? text(entry.id) : undefined;
    const relationship = isObject(entry) ? text(entry.relationship)?.toLowerCase() : undefined;
    if (!id) continue;
    if (relationship === 'original') relations.original ??= id;
    // The OpenAPI enum says `return`, its description `returned`.
    else if (relationship === 'return' || relationship === 'returned') relations.returnLeg ??= id;
  }
  return relations;
}

/** Return deliveries' ids start with `ret_`, the deliveries a shop creates with `del_`. */
export const isReturnDelivery = (id: string): boolean => id.startsWith('ret_');

/** The shop's order id: `external_id`, else the manifest reference (README "Order id"). */
export function orderIdOf(delivery: Json): string | undefined {
  return text(delivery.external_id) ?? (isObject(delivery.manifest) ? text(delivery.manifest.reference) : undefined);
}

/** When a waypoint (pickup, dropoff) was completed, if it was. */
function completedAt(waypoint: unknown): string | undefined {
  return isObject(waypoint) && text(waypoint.status) === 'completed' ? timeOf(waypoint.status_timestamp) : undefined;
}

/** The steps whose time the object itself records: created (`pending`), pickup and dropoff completed. */
export function recordedSteps(delivery: Json, leg?: string): RawEvent[] {
  const steps: [string, string | undefined][] = [
    ['pending', timeOf(delivery.created)],
    ['pickup_complete', completedAt(delivery.pickup)],
    ['delivered', completedAt(delivery.dropoff)],
  ];
  return steps.flatMap(([status, at]) => (at ? [{ status, at, ...(leg ? { statusType: leg } : {}) }] : []));
}

/** When the delivery entered `status`: the waypoint's completion where it has one, else its last update. */
export function statusTimeOf(delivery: Json, status: string): string | undefined {
  const precise = status === 'pickup_complete' ? completedAt(delivery.pickup) : status === 'delivered' ? completedAt(delivery.dropoff) : undefined;
  return precise ?? timeOf(delivery.updated) ?? timeOf(delivery.created);
}

function latLng(value: unknown): { lat: number; lng: number } | undefined {
  if (!isObject(value) || typeof value.lat !== 'number' || typeof value.lng !== 'number') return undefined;
  const { lat, lng } = value;
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
}

/** "white Toyota Prius (car), plate **E54Q", from whichever of those Uber sends. */
function vehicleOf(courier: Json): string | undefined {
  const model = [text(courier.vehicle_color), text(courier.vehicle_make), text(courier.vehicle_model)].filter((p) => p !== undefined).join(' ');
  const type = text(courier.vehicle_type);
  const plate = text(courier.vehicle_license_plate);
  const described = model && type ? `${model} (${type})` : model || type;
  return described && plate ? `${described}, plate ${plate}` : (described ?? (plate ? `plate ${plate}` : undefined));
}

/** The courier's number a customer may call: the public relay (with its PIN) before the masked one. */
function phoneOf(courier: Json): string | undefined {
  const relay = isObject(courier.public_phone_info) ? courier.public_phone_info : {};
  return text(relay.formatted_phone_number) ?? text(relay.phone_number) ?? text(courier.phone_number);
}

/**
 * Where the courier is and who they are, as of `at`; undefined without a courier. Fields Uber left out
 * are left out here too, so they do not erase what an earlier position said.
 */
export function courierPositionOf(delivery: Json, at: string, fallbackLocation?: unknown): DriverPosition | undefined {
  const courier = delivery.courier;
  if (!isObject(courier)) return undefined;
  const position: DriverPosition = { at };
  const location = latLng(courier.location) ?? latLng(fallbackLocation);
  const [name, vehicle, phone] = [text(courier.name), vehicleOf(courier), phoneOf(courier)];
  if (location) position.location = location;
  if (name) position.name = name;
  if (vehicle) position.vehicle = vehicle;
  if (phone) position.phone = phone;
  return position;
}

/** What one report says: `delivery` (the tracked one, or its return leg as `leg`) is in `status` since `at`. */
export interface Report {
  delivery: Json;
  status: string;
  leg?: string | undefined;
  at?: string | undefined;
}

/**
 * A status report about the tracked delivery. `forward` is the tracked delivery itself when the report is
 * about its return leg and the poll read both; `asEvent` records the report as an event of its own (a
 * webhook is one: it says when it happened).
 */
export function foundResult(trackingNumber: string, report: Report, options: { forward?: Json; asEvent?: boolean } = {}): FoundResult {
  const { delivery, status, leg, at } = report;
  const forward = options.forward ?? (leg ? undefined : delivery);
  const recorded = [...(forward ? recordedSteps(forward) : []), ...(leg ? recordedSteps(delivery, leg) : [])];
  // A step the object records the time of is not recorded twice (a second later, as the webhook's time).
  const known = recorded.some((e) => e.status === status && e.statusType === leg);
  const events = options.asEvent && at && !known ? [...recorded, { status, at, ...(leg ? { statusType: leg } : {}) }] : recorded;
  return {
    trackingNumber,
    found: true,
    status,
    statusType: leg,
    statusAt: at,
    description: text(delivery.undeliverable_reason) ?? (forward ? text(forward.undeliverable_reason) : undefined),
    fields: { courier_imminent: delivery.courier_imminent === true },
    events,
    eta: timeOf(delivery.dropoff_eta),
    reference: (forward ? orderIdOf(forward) : undefined) ?? orderIdOf(delivery),
  };
}
