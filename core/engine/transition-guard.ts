import { isTerminal, phaseRank, type CanonicalStatus } from '../statuses.js';

export type GuardVerdict = { apply: true } | { apply: false; reason: string };

/**
 * May a courier-reported status replace the current one? Couriers deliver late and out of order: a
 * terminal status is never left, a later phase (return leg) is never undone by an earlier one, and an
 * event older than the newest one already applied does not move the status. Events are recorded anyway.
 */
export function guardTransition(
  current: { status: CanonicalStatus; lastEventAt: string | null },
  proposed: { status: CanonicalStatus; at: Date },
): GuardVerdict {
  if (proposed.status === current.status) return { apply: false, reason: 'same status' };
  if (isTerminal(current.status)) return { apply: false, reason: `${current.status} is terminal` };
  if (phaseRank(proposed.status) < phaseRank(current.status)) {
    return { apply: false, reason: `${proposed.status} would go back from ${current.status}` };
  }
  if (current.lastEventAt !== null && proposed.at.getTime() < new Date(current.lastEventAt).getTime()) {
    return { apply: false, reason: `event at ${proposed.at.toISOString()} is older than the last applied one` };
  }
  return { apply: true };
}
