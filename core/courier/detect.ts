import type { CourierEntry } from './registry.js';

export type Detection = { kind: 'detected'; courier: string } | { kind: 'ambiguous' | 'unknown'; candidates: string[] };

const compiled = new Map<string, RegExp>();

/** The declared pattern as a whole-number match (compiled once per pattern). */
function matcher(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (!regexp) compiled.set(pattern, (regexp = new RegExp(`^(?:${pattern})$`)));
  return regexp;
}

const isEnabled = (entry: CourierEntry) => entry.runtime !== null || entry.webhook !== null;

/**
 * The courier of a tracking number, from the formats the enabled couriers declare (`trackingNumberPattern`):
 * detected when exactly one matches; ambiguous (naming them) when several do; unknown when none does.
 */
export function detectCourier(couriers: readonly CourierEntry[], trackingNumber: string): Detection {
  const candidates = couriers
    .filter((entry) => isEnabled(entry) && entry.definition.trackingNumberPattern !== undefined)
    .filter((entry) => matcher(entry.definition.trackingNumberPattern!).test(trackingNumber))
    .map((entry) => entry.name);
  if (candidates.length === 1) return { kind: 'detected', courier: candidates[0]! };
  return { kind: candidates.length === 0 ? 'unknown' : 'ambiguous', candidates };
}
