import { isTerminal, phaseRank, type CanonicalStatus } from '../statuses.js';

/** `same`: nothing to move; `refused`: the proposal would go back in the journey (a late or out-of-order report). */
export type GuardVerdict = { kind: 'apply' } | { kind: 'same' } | { kind: 'refused'; reason: string };

/**
 * May a courier-reported status replace the current one? Couriers deliver late and out of order: a
 * terminal status is never left, a later phase (return leg) is never undone by an earlier one, and an
 * event older than the newest one already applied does not move the status. Within the same status a new
 * substatus (a second failed attempt) is a change of its own, under the same rule of time; a report with
 * no substatus keeps the one known. Events are recorded anyway.
 */
export function guardTransition(
  current: { status: CanonicalStatus; substatus: string | null; lastEventAt: string | null },
  proposed: { status: CanonicalStatus; substatus: string | null; at: Date },
): GuardVerdict {
  const older = current.lastEventAt !== null && proposed.at.getTime() < new Date(current.lastEventAt).getTime();
  const tooOld = { kind: 'refused', reason: `event at ${proposed.at.toISOString()} is older than the last applied one` } as const;
  if (proposed.status === current.status) {
    if (proposed.substatus === null || proposed.substatus === current.substatus) return { kind: 'same' };
    return older ? tooOld : { kind: 'apply' };
  }
  if (isTerminal(current.status)) return { kind: 'refused', reason: `${current.status} is terminal` };
  if (phaseRank(proposed.status) < phaseRank(current.status)) {
    return { kind: 'refused', reason: `${proposed.status} would go back from ${current.status}` };
  }
  return older ? tooOld : { kind: 'apply' };
}
