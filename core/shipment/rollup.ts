import { CANONICAL_STATUSES, isTerminal, phaseRank, type CanonicalStatus } from '../statuses.js';

/** The substatus of a roll-up where some parts are delivered and others are not. */
export const PARTIALLY_DELIVERED = 'partially_delivered';

export interface StatusPart {
  status: CanonicalStatus;
  substatus: string | null;
}

/** Earlier in the journey first: by phase, then in the canonical list's order. */
const journeyOrder = (a: CanonicalStatus, b: CanonicalStatus) => phaseRank(a) - phaseRank(b) || CANONICAL_STATUSES.indexOf(a) - CANONICAL_STATUSES.indexOf(b);

/** The substatus all parts in `status` agree on, else none. */
function sharedSubstatus(parts: readonly StatusPart[], status: CanonicalStatus): string | null {
  const substatuses = new Set(parts.filter((p) => p.status === status).map((p) => p.substatus));
  return substatuses.size === 1 ? [...substatuses][0]! : null;
}

/**
 * One status for several parts (the packages of a shipment, the shipments of an order):
 * - all in one status: that status (with the substatus they share);
 * - some delivered (or partially delivered), the others still moving: the earliest status among those still moving, substatus
 *   `partially_delivered`; some delivered and the others ended otherwise (lost, cancelled…): `delivered`,
 *   `partially_delivered`;
 * - none delivered: the earliest status among the parts still moving, else (all ended) the earliest of theirs.
 * Null for no parts.
 */
export function rollUp(parts: readonly StatusPart[]): StatusPart | null {
  if (parts.length === 0) return null;
  const statuses = [...new Set(parts.map((p) => p.status))].sort(journeyOrder);
  const moving = statuses.filter((s) => !isTerminal(s));
  const partly = parts.some((p) => p.substatus === PARTIALLY_DELIVERED) || (statuses.includes('delivered') && statuses.length > 1);
  if (partly) return { status: moving[0] ?? 'delivered', substatus: PARTIALLY_DELIVERED };
  const status = moving[0] ?? statuses[0]!;
  return { status, substatus: sharedSubstatus(parts, status) };
}
