import { isTerminal } from '../statuses.js';
import type { ManualUpdate, Shipment } from '../store/types.js';
import type { CheckUpdate, OutboxFor } from './check.js';
import { moved, statusChange } from './status-change.js';

/**
 * A status set by a person: always recorded in the history with who made it; a terminal one stops
 * tracking, another one makes the shipment due now. It fences out any check in flight, which read the
 * shipment before this update and would judge by stale state.
 */
export function afterManualUpdate(current: Shipment, update: ManualUpdate, outboxFor: OutboxFor): CheckUpdate {
  const transition = { status: update.status, substatus: null, rawStatus: null, at: update.at };
  const move = moved(current, transition, { source: 'manual', updatedBy: update.updatedBy, notes: update.notes }, update.at);
  const change = update.status === current.status ? null : statusChange(current, transition, { source: 'manual', updatedBy: update.updatedBy });
  const terminal = isTerminal(update.status);
  return {
    next: {
      ...move.next,
      active: !terminal,
      inactiveReason: terminal ? 'terminal' : null,
      nextCheckAt: terminal ? current.nextCheckAt : update.at.toISOString(),
      updatedAt: update.at.toISOString(),
    },
    history: [move.history],
    events: [],
    outbox: change ? outboxFor(change) : [],
    lease: 'fence',
    change,
  };
}
