import { isTerminal, type CanonicalStatus } from '../statuses.js';
import type { ManualUpdate, Shipment } from '../store/types.js';
import type { CheckUpdate, OutboxFor } from './check.js';
import { moved, statusChange } from './status-change.js';

/**
 * `apply`: the update to write; `same`: the shipment already has this status, nothing changes; `refused`:
 * the shipment's status is terminal, and leaving it is a correction the operator must state.
 */
export type ManualDecision = { kind: 'apply'; update: CheckUpdate } | { kind: 'same' } | { kind: 'refused'; current: CanonicalStatus };

/**
 * A status set by a person, recorded in the history with who made it. A repeated status changes nothing.
 * Moving out of a terminal status is refused unless it is a correction, which the history records as one.
 * A terminal status stops tracking; another one makes the shipment due now. The write fences out any check
 * in flight, which read the shipment before this update and would judge by stale state.
 */
export function decideManualUpdate(current: Shipment, update: ManualUpdate, outboxFor: OutboxFor): ManualDecision {
  if (update.status === current.status) return { kind: 'same' };
  const correction = isTerminal(current.status);
  if (correction && update.correction !== true) return { kind: 'refused', current: current.status };
  const source = correction ? 'correction' : 'manual';
  const transition = { status: update.status, substatus: null, rawStatus: null, at: update.at };
  const move = moved(current, transition, { source, updatedBy: update.updatedBy, notes: update.notes }, update.at);
  const change = statusChange(current, transition, { source, updatedBy: update.updatedBy });
  const terminal = isTerminal(update.status);
  return {
    kind: 'apply',
    update: {
      next: {
        ...move.next,
        active: !terminal,
        inactiveReason: terminal ? 'terminal' : null,
        nextCheckAt: terminal ? current.nextCheckAt : update.at.toISOString(),
        updatedAt: update.at.toISOString(),
      },
      history: [move.history],
      events: [],
      outbox: outboxFor(change),
      lease: 'fence',
      change,
    },
  };
}
