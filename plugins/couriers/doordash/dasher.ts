import { isObject, text, type DriverPosition, type Json } from 'waybill';

function locationOf(value: unknown): { lat: number; lng: number } | undefined {
  if (!isObject(value) || value.lat === null || value.lng === null) return undefined;
  const [lat, lng] = [Number(value.lat), Number(value.lng)];
  const valid = Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  return valid ? { lat, lng } : undefined;
}

/** "Toyota Prius 2019", from whichever of make, model and year DoorDash gives. */
function vehicleOf(body: Json): string | undefined {
  const parts = [text(body.dasher_vehicle_make), text(body.dasher_vehicle_model), text(body.dasher_vehicle_year)].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * The Dasher as a webhook describes them, at `at`; undefined when nothing about them is given (before a
 * Dasher is assigned). The phone is the one the customer may call (`dasher_dropoff_phone_number`).
 */
export function dasherOf(body: Json, at: string): DriverPosition | undefined {
  const details: Omit<DriverPosition, 'at'> = {
    location: locationOf(body.dasher_location),
    name: text(body.dasher_name),
    vehicle: vehicleOf(body),
    phone: text(body.dasher_dropoff_phone_number) ?? text(body.dasher_phone_number),
  };
  // Only what is given: the core merges a position into the known one, and an undefined name would erase it.
  const given = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
  return Object.keys(given).length > 0 ? { at, ...given } : undefined;
}
