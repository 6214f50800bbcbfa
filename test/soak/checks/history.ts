import type { ServedStep } from '../fault-proxy.js';
import type { StoredShipment } from '../store-snapshot.js';
import type { KillRisk } from './kill-risk.js';

/** A raw status as the courier's table reads it; null when it moves nothing (unmapped, no change). */
export type ReadStatus = (raw: string) => { status: string; substatus: string | null } | null;

export interface HistoryFigures {
  shipments: number;
  /** Steps the simulator served that moved a status: each one checked against the history. */
  statusChangesChecked: number;
  /** Of those, handed to an instance just before it was killed (optional in the history, required in the events). */
  atRiskOfKill: number;
  /** Of those, dropped by a partial answer (likewise). */
  withheld: number;
  /** Optional steps the history does not have. */
  optionalMissing: number;
  /** Steps naming the status the shipment was already in (the registration's info_received): nothing to record. */
  noChange: number;
  duplicates: number;
  /** Shipments whose last served step is not their story's last. */
  unfinished: number;
}

interface Expected {
  step: ServedStep;
  read: { status: string; substatus: string | null };
  required: boolean;
}

/**
 * Every step a shipment's story moved to, as served, is in its history in order and once: matched on raw
 * status and time (the history keeps the courier's time). A step may be absent only when its answer did not
 * reach the store for a reason outside the service (withheld, or heard by an instance killed right after),
 * or when it named the status the shipment was already in; it must then still be among the stored events,
 * which every later answer repeats.
 */
export function checkHistory(
  trackingNumber: string,
  served: readonly ServedStep[],
  storyLength: number,
  stored: StoredShipment | undefined,
  readStatus: ReadStatus,
  risk: KillRisk,
  figures: HistoryFigures,
  problems: string[],
): void {
  figures.shipments += 1;
  if (!stored) return void problems.push(`${trackingNumber}: not in the store`);
  const steps = [...served].sort((a, b) => a.index - b.index);
  if (steps.length !== storyLength || steps.some((s, i) => s.index !== i) || steps.at(-1)?.deliveredAt === null) figures.unfinished += 1;
  const required = (step: ServedStep) => step.deliveredAt !== null && risk.killAfter(step.deliveredAt) === null;
  // An answer carries every event of the story so far: each step up to the last one surely heard is stored.
  const lastHeard = Math.max(-1, ...steps.filter(required).map((s) => s.index));
  for (const step of steps.filter((s) => s.index <= lastHeard)) {
    if (!stored.events.has(`${step.occurredAt}|${step.status}`)) problems.push(`${trackingNumber}: step ${step.index} ${step.status} (${step.occurredAt}) is not among the stored events`);
  }
  const expected: Expected[] = steps.flatMap((step) => {
    const read = readStatus(step.status);
    if (!read) return [];
    figures.statusChangesChecked += 1;
    if (step.deliveredAt === null) figures.withheld += 1;
    else if (!required(step)) figures.atRiskOfKill += 1;
    return [{ step, read, required: required(step) }];
  });
  const history = stored.history.filter((h) => h.source === 'courier');
  let next = 0;
  // A shipment is registered as info_received: a first step saying so moves nothing.
  const registered = stored.history.find((h) => h.source === 'registration');
  let current: Expected['read'] | null = registered ? { status: registered.status, substatus: registered.substatus } : null;
  for (const entry of history) {
    const at = expected.findIndex((e, i) => i >= next && e.step.status === entry.rawStatus && e.step.occurredAt === entry.at);
    if (at === -1) {
      const earlier = expected.some((e) => e.step.status === entry.rawStatus && e.step.occurredAt === entry.at);
      if (earlier) figures.duplicates += 1;
      problems.push(`${trackingNumber}: history entry ${entry.rawStatus} at ${entry.at} ${earlier ? 'repeats an earlier step or is out of order' : 'matches no step the simulator served'}`);
      continue;
    }
    for (const skipped of expected.slice(next, at)) current = judgeSkipped(trackingNumber, skipped, current, figures, problems);
    current = expected[at]!.read;
    next = at + 1;
  }
  for (const skipped of expected.slice(next)) current = judgeSkipped(trackingNumber, skipped, current, figures, problems);
}

/** A step with no history entry; returns the status the shipment is in after it (unchanged). */
function judgeSkipped(trackingNumber: string, skipped: Expected, current: Expected['read'] | null, figures: HistoryFigures, problems: string[]) {
  const sameStatus = current !== null && skipped.read.status === current.status && (skipped.read.substatus === null || skipped.read.substatus === current.substatus);
  if (sameStatus) figures.noChange += 1;
  else if (!skipped.required) figures.optionalMissing += 1;
  else problems.push(`${trackingNumber}: step ${skipped.step.index} ${skipped.step.status} (${skipped.step.occurredAt}) reached the service but is not in the history`);
  return current;
}
