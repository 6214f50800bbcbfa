import type { StatusTable } from '../../../core/courier/status-table.js';
import { LEGACY_DOCUMENTED, LEGACY_STATUSES } from '../../shared/delhivery/legacy-statuses.js';

/**
 * B2B answers one status word per LR (no StatusType): the shared legacy Delhivery table, which holds the
 * B2B documented list (MANIFESTED … LOST) besides the replaced system's legacy strings.
 */
export const B2B_STATUSES: StatusTable = LEGACY_STATUSES;

/** Delhivery's documented LR track statuses (B2B API documentation, "Track" section). */
export const B2B_DOCUMENTED = [
  'MANIFESTED',
  'PICKED_UP',
  'LEFT_ORIGIN',
  'REACH_DESTINATION',
  'UNDEL_REATTEMPT',
  'PART_DEL',
  'OFD',
  'DELIVERED',
  'RETURNED_INTRANSIT',
  'RECEIVED_AT_RETURN_CENTER',
  'RETURN_OFD',
  'RETURN_DELIVERED',
  'NOT_PICKED',
  'LOST',
] as const;

/** Every raw status this courier may answer: the B2B list and the legacy table it shares with the fallback. */
export const DOCUMENTED_STATUSES: readonly { status: string }[] = LEGACY_DOCUMENTED.map(({ status }) => ({ status }));
