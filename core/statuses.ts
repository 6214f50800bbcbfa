/** The canonical status vocabulary every courier's raw statuses map into. */
export const CANONICAL_STATUSES = [
  'info_received',
  'pending_pickup',
  'driver_assigned',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'delivery_failed',
  'available_for_pickup',
  'delivered',
  'rto_initiated',
  'rto_in_transit',
  'rto_delivered',
  'cancelled',
  'lost',
  'destroyed',
  'exception',
  'unknown',
] as const;

export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];

/**
 * Journey phase used by the transition guard: a courier event never moves a shipment to an
 * earlier phase (a late "in transit" scan does not undo "rto_in_transit").
 */
export type Phase = 'pre' | 'forward' | 'return' | 'end';

export interface StatusInfo {
  terminal: boolean;
  phase: Phase;
  /** Default minutes between checks while in this status; null means never poll again. */
  pollMinutes: number | null;
  description: string;
}

const MINUTE = 1;
const HOUR = 60 * MINUTE;

export const STATUS_INFO: Readonly<Record<CanonicalStatus, StatusInfo>> = {
  info_received: { terminal: false, phase: 'pre', pollMinutes: 4 * HOUR, description: 'label created, courier has the data, nothing physical yet' },
  pending_pickup: { terminal: false, phase: 'pre', pollMinutes: 2 * HOUR, description: 'waiting to be picked up from the seller' },
  driver_assigned: { terminal: false, phase: 'pre', pollMinutes: 5 * MINUTE, description: 'last-mile driver assigned, on the way to pick up' },
  picked_up: { terminal: false, phase: 'forward', pollMinutes: 30 * MINUTE, description: 'picked up from the seller' },
  in_transit: { terminal: false, phase: 'forward', pollMinutes: 2 * HOUR, description: 'moving through the network' },
  out_for_delivery: { terminal: false, phase: 'forward', pollMinutes: 30 * MINUTE, description: 'with the delivery agent today' },
  delivery_failed: { terminal: false, phase: 'forward', pollMinutes: 1 * HOUR, description: 'delivery attempted and failed (NDR)' },
  available_for_pickup: { terminal: false, phase: 'forward', pollMinutes: 4 * HOUR, description: 'waiting at a pickup point for the customer' },
  exception: { terminal: false, phase: 'forward', pollMinutes: 1 * HOUR, description: 'held, delayed or otherwise needing attention' },
  unknown: { terminal: false, phase: 'forward', pollMinutes: 2 * HOUR, description: 'the courier reported a status with no canonical meaning' },
  rto_initiated: { terminal: false, phase: 'return', pollMinutes: 2 * HOUR, description: 'return to origin started' },
  rto_in_transit: { terminal: false, phase: 'return', pollMinutes: 2 * HOUR, description: 'returning to the seller' },
  delivered: { terminal: true, phase: 'end', pollMinutes: null, description: 'delivered to the customer' },
  rto_delivered: { terminal: true, phase: 'end', pollMinutes: null, description: 'returned to the seller' },
  cancelled: { terminal: true, phase: 'end', pollMinutes: null, description: 'cancelled before or instead of shipping' },
  lost: { terminal: true, phase: 'end', pollMinutes: null, description: 'declared lost by the courier' },
  destroyed: { terminal: true, phase: 'end', pollMinutes: null, description: 'damaged beyond delivery or disposed of' },
};

const PHASE_ORDER: Readonly<Record<Phase, number>> = { pre: 0, forward: 1, return: 2, end: 3 };

export function isCanonicalStatus(value: unknown): value is CanonicalStatus {
  return typeof value === 'string' && (CANONICAL_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: CanonicalStatus): boolean {
  return STATUS_INFO[status].terminal;
}

export function phaseRank(status: CanonicalStatus): number {
  return PHASE_ORDER[STATUS_INFO[status].phase];
}
