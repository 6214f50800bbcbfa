import type { StatusChange } from '../effects/contract.js';
import type { CheckWrite, OutboxInput, Shipment, ShipmentUpdate, Transition } from '../store/types.js';
import { mergeLinks } from './links.js';
import { moved, statusChange } from './status-change.js';

/** Outbox entries for a status change (the effect router's routing). */
export type OutboxFor = (change: StatusChange) => OutboxInput[];

export interface CheckUpdate extends ShipmentUpdate {
  /** Set when the check moved the canonical status. */
  change: StatusChange | null;
}

const later = (stored: string | null, reported: Date | undefined): string | null =>
  reported !== undefined && (stored === null || Date.parse(stored) < reported.getTime()) ? reported.toISOString() : stored;

/** A transition changes the shipment when it names another status, or another substatus of the same one. */
const changes = (current: Shipment, to: Transition | undefined): to is Transition =>
  to !== undefined && (to.status !== current.status || to.substatus !== current.substatus);

/**
 * What a check makes of the stored shipment. The status (or its substatus) moves only when the check's
 * transition differs from what is stored, which keeps consecutive duplicates out of the history (and a
 * second delivery out of the outbox) when the same courier answer is applied twice. The courier's raw
 * status, ETA and location are kept when the check has none; the last event time only moves forward.
 */
export function afterCheck(current: Shipment, write: CheckWrite, now: Date, outboxFor: OutboxFor): CheckUpdate {
  const transition = changes(current, write.transition) ? write.transition : undefined;
  const change = transition ? statusChange(current, transition, { source: 'courier', updatedBy: null }) : null;
  const move = transition ? moved(current, transition, { source: 'courier', updatedBy: null, notes: null }, now) : null;
  const base = move?.next ?? current;
  return {
    next: {
      ...base,
      rawStatus: write.rawStatus ?? current.rawStatus,
      lastEventAt: later(current.lastEventAt, write.lastEventAt),
      lastCheckedAt: write.checkedAt.toISOString(),
      nextCheckAt: write.nextCheckAt?.toISOString() ?? null,
      consecutiveFailures: write.consecutiveFailures,
      lastError: write.lastError,
      active: write.active,
      inactiveReason: write.inactiveReason,
      eta: write.eta ?? current.eta,
      location: write.location ?? current.location,
      links: mergeLinks(base.links, write.links),
      updatedAt: now.toISOString(),
    },
    history: move ? [move.history] : [],
    events: write.events,
    outbox: change ? outboxFor(change) : [],
    lease: 'release',
    change,
  };
}
