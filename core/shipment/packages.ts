import type { ShipmentInput } from '../store/types.js';

/** A registration with the other packages of its shipment: `trackingNumber` is the master's number. */
export type ShipmentWithPackages = ShipmentInput & { packages?: readonly string[] | undefined };

/** Why the packages cannot be registered as given, or null. */
export function packagesProblem(input: ShipmentWithPackages): string | null {
  if (input.packages?.includes(input.trackingNumber)) return `the master number ${input.trackingNumber} is listed among its own packages`;
  return null;
}

/**
 * The master and each of its packages as shipments registered together: one tracking number each, tracked
 * on its own, the same order, reference and metadata, each package naming the master.
 */
export function withPackages({ packages, ...master }: ShipmentWithPackages): ShipmentInput[] {
  return [master, ...(packages ?? []).map((trackingNumber) => ({ ...master, trackingNumber, master: master.trackingNumber }))];
}
