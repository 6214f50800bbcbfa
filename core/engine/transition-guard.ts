import { isTerminal, phaseRank, type CanonicalStatus } from '../statuses.js';

/** `same`: nothing to move; `refused`: the proposal would go back in the journey (a late or out-of-order report). */
export type GuardVerdict = { kind: 'apply' } | { kind: 'same' } | { kind: 'refused'; reason: string };

/**
 * May a courier-reported status replace the current one? Couriers deliver late and out of order: a
 * terminal status is never left, a later phase (return leg) is never undone by an earlier one, and an
 * event older than the newest one already applied does not move the status. Events are recorded anyway.
 */
export function guardTransition(
  current: { status: CanonicalStatus; lastEventAt: string | null },
  proposed: { status: CanonicalStatus; at: Date },
): GuardVerdict {
  if (proposed.status === current.status) return { kind: 'same' };
  if (isTerminal(current.status)) return { kind: 'refused', reason: `${current.status} is terminal` };
  if (phaseRank(proposed.status) < phaseRank(current.status)) {
    return { kind: 'refused', reason: `${proposed.status} would go back from ${current.status}` };
  }
  if (current.lastEventAt !== null && proposed.at.getTime() < new Date(current.lastEventAt).getTime()) {
    return { kind: 'refused', reason: `event at ${proposed.at.toISOString()} is older than the last applied one` };
  }
  return { kind: 'apply' };
}
