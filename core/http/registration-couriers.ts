import { detectCourier } from '../courier/detect.js';
import type { CourierRegistry } from '../courier/registry.js';
import { packagesProblem, type ShipmentWithPackages } from '../shipment/packages.js';
import { problem, type Problem } from './problem.js';

/** A shipment as the API takes it: the courier may be left to detection, `update` allows another order id. */
export type RegistrationRequest = Omit<ShipmentWithPackages, 'courier' | 'refuseOrderIdChange'> & { courier?: string | undefined; update?: boolean | undefined };

export interface ResolvedRegistration {
  input: ShipmentWithPackages;
  courierDetected: boolean;
  warnings: string[];
}

/**
 * Each request's courier, named or detected from the tracking number, or the first problem (a 400 naming
 * the field). A disabled courier is accepted with a warning: its shipments wait until it is enabled.
 */
export function resolveRegistrations(
  requests: readonly RegistrationRequest[],
  registry: CourierRegistry,
  fieldOf: (index: number) => string,
): { resolved: ResolvedRegistration[] } | { problem: Problem & { candidates?: string[] } } {
  const resolved: ResolvedRegistration[] = [];
  for (const [index, { courier: named, update, ...rest }] of requests.entries()) {
    const field = fieldOf(index);
    let courier = named;
    if (courier === undefined) {
      const detection = detectCourier(registry.list(), rest.trackingNumber);
      if (detection.kind !== 'detected') {
        const why = detection.kind === 'ambiguous' ? `matches the formats of several enabled couriers (${detection.candidates.join(', ')})` : "matches no enabled courier's format";
        return { problem: problem(400, 'COURIER_NOT_DETECTED', `${field}/trackingNumber: "${rest.trackingNumber}" ${why}: name the courier`, { candidates: detection.candidates }) };
      }
      courier = detection.courier;
    }
    const entry = registry.get(courier);
    if (!entry) return { problem: problem(400, 'UNKNOWN_COURIER', `${field}/courier: unknown courier "${courier}" (known: ${registry.list().map((c) => c.name).join(', ')})`) };
    const input: ShipmentWithPackages = { ...rest, courier, refuseOrderIdChange: update !== true };
    const packages = packagesProblem(input);
    if (packages) return { problem: problem(400, 'VALIDATION_FAILED', `${field}/packages: ${packages}`) };
    const disabled = entry.runtime === null && entry.webhook === null;
    const warnings = disabled ? [`courier ${courier} is disabled (${entry.disabledReason}): the shipment is stored, but not tracked until the courier is enabled`] : [];
    resolved.push({ input, courierDetected: named === undefined, warnings });
  }
  return { resolved };
}
