import { newestEvent, type FoundResult, type RawEvent, type TrackResult } from '../courier/adapter.js';
import type { CourierDefinition } from '../courier/definition.js';
import type { StatusMapper } from '../courier/status-mapper.js';
import { isTerminal } from '../statuses.js';
import type { CheckOutcome, CheckWrite, MappedEvent, Shipment, ShipmentLink, Transition } from '../store/types.js';
import { nextCheckAfterFailure, nextCheckFor } from './next-check.js';
import { referenceMatches } from './reference.js';
import { guardTransition } from './transition-guard.js';

export interface Evaluation {
  outcome: CheckOutcome;
  write: CheckWrite;
  /** The raw status that had no row in the table, when `outcome` is unmapped. */
  unmapped?: string;
  /** Set when the result moves the canonical status (subject to the store's idempotency check). */
  transition?: Transition;
}

interface Courier {
  definition: CourierDefinition;
  mapper: StatusMapper;
}

/** The courier's words for a status, as stored: `<type>-<status>` where the courier has a status type. */
export function rawStatusLabel(status: string, statusType: string | undefined): string {
  return statusType ? `${statusType}-${status}` : status;
}

function instant(value: string | undefined): Date | null {
  if (value === undefined || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * Events with a readable time, in ISO-8601 UTC (so the same scan always deduplicates to one row), each read
 * through the courier's table as of its own time, so a timeline reads in canonical terms.
 */
function mapEvents(events: readonly RawEvent[], mapper: StatusMapper, fields: Readonly<Record<string, unknown>>): MappedEvent[] {
  return events.flatMap((e) => {
    const at = instant(e.at);
    if (!at) return [];
    const mapping = mapper.map(e.status, { now: at, statusType: e.statusType, code: e.code, description: e.description, fields });
    const mapped = mapping.kind === 'mapped' ? { canonicalStatus: mapping.status, substatus: mapping.substatus ?? null } : { canonicalStatus: null, substatus: null };
    return [{ ...e, at: at.toISOString(), ...mapped }];
  });
}

/** The return numbers the courier named, other than the shipment's own. */
function returnLinks(shipment: Shipment, result: FoundResult): ShipmentLink[] | undefined {
  const numbers = (result.links ?? []).map((l) => l.trackingNumber.trim()).filter((n) => n !== '' && n !== shipment.trackingNumber);
  return numbers.length ? numbers.map((trackingNumber) => ({ trackingNumber, relation: 'return' })) : undefined;
}

function base(shipment: Shipment, now: Date): Omit<CheckWrite, 'nextCheckAt'> {
  return {
    checkedAt: now,
    consecutiveFailures: 0,
    lastError: null,
    active: shipment.active,
    inactiveReason: shipment.inactiveReason,
    events: [],
  };
}

export function evaluateResult(shipment: Shipment, result: TrackResult, courier: Courier, now: Date): Evaluation {
  const { definition } = courier;
  if (!result.found) {
    const stop = result.stopTracking === true;
    return {
      outcome: stop ? 'stopped' : 'not_found',
      write: {
        ...base(shipment, now),
        lastError: `not found: ${result.reason}`,
        nextCheckAt: stop ? null : nextCheckFor(shipment.status, definition, now),
        active: stop ? false : shipment.active,
        inactiveReason: stop ? 'stopped' : shipment.inactiveReason,
      },
    };
  }
  const match = definition.referenceMatch;
  if (match && shipment.orderId && result.reference && !referenceMatches(result.reference, shipment.orderId, match.suffixes)) {
    return {
      outcome: 'reference_mismatch',
      write: {
        ...base(shipment, now),
        lastError: `reference mismatch: courier reports "${result.reference}" for order "${shipment.orderId}"`,
        nextCheckAt: nextCheckFor(shipment.status, definition, now),
      },
    };
  }
  return evaluateFound(shipment, result, courier, now);
}

function evaluateFound(shipment: Shipment, result: FoundResult, { definition, mapper }: Courier, now: Date): Evaluation {
  const fields = result.fields ?? {};
  const events = mapEvents(result.events, mapper, fields);
  const newest = newestEvent(events);
  const latestEvent = newest ? new Date(newest.at) : null;
  const statusAt = instant(result.statusAt) ?? latestEvent ?? now;
  const rawStatus = rawStatusLabel(result.status, result.statusType);
  const mapping = mapper.map(result.status, { now, statusType: result.statusType, code: result.code, description: result.description, fields });

  let transition: Transition | undefined;
  let late = false;
  if (mapping.kind === 'mapped') {
    const substatus = mapping.substatus ?? null;
    const verdict = guardTransition(shipment, { status: mapping.status, substatus, at: statusAt });
    if (verdict.kind === 'apply') transition = { status: mapping.status, substatus, rawStatus, at: statusAt };
    late = verdict.kind === 'refused';
  }
  const status = transition?.status ?? shipment.status;
  const terminal = isTerminal(status);
  const stop = result.stopTracking !== undefined && !terminal;
  const lastEventAt = latestEvent && latestEvent > statusAt ? latestEvent : statusAt;
  const write: CheckWrite = {
    ...base(shipment, now),
    // A refused (late) report is kept in the events only: the raw status stays the one that explains the status.
    rawStatus: late ? (shipment.rawStatus ?? undefined) : rawStatus,
    lastEventAt,
    eta: result.eta,
    location: result.location,
    events,
    transition,
    nextCheckAt: terminal || stop ? null : nextCheckFor(status, definition, now),
    active: !(terminal || stop),
    inactiveReason: terminal ? 'terminal' : stop ? 'stopped' : null,
    lastError: stop ? `courier ended tracking: ${result.stopTracking}` : null,
    links: returnLinks(shipment, result),
  };
  if (mapping.kind === 'unmapped') return { outcome: 'unmapped', write, unmapped: rawStatus };
  return { outcome: stop ? 'stopped' : 'found', write, ...(transition ? { transition } : {}) };
}

/** A failed check: back off exponentially, or stop tracking on a permanent error. */
export function evaluateFailure(shipment: Shipment, error: string, permanent: boolean, definition: CourierDefinition, now: Date): Evaluation {
  const failures = shipment.consecutiveFailures + 1;
  return {
    outcome: 'failed',
    write: {
      ...base(shipment, now),
      consecutiveFailures: failures,
      lastError: error,
      nextCheckAt: permanent ? null : nextCheckAfterFailure(failures, definition, now),
      active: permanent ? false : shipment.active,
      inactiveReason: permanent ? 'failed' : shipment.inactiveReason,
    },
  };
}
