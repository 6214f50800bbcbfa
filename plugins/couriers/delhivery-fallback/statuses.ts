import type { StatusTable } from 'waybill';
import { LEGACY_DOCUMENTED, LEGACY_STATUSES } from '../../shared/delhivery/legacy-statuses.js';
import { LIFECYCLE_DOCUMENTED, LIFECYCLE_STATUSES } from '../../shared/delhivery/lifecycle-statuses.js';
import { failedAttempt, failedAttemptReason } from '../../shared/delhivery/ndr.js';

/**
 * The seed maps fallback answers with the legacy Delhivery table. When the answer also carries a
 * StatusType, the direction-aware lifecycle rows are consulted first (typed rows win), so "In Transit"
 * on a return (RT) is not read as forward transit. A UD + Pending whose remark reports a failed attempt
 * is one (shared/delhivery/ndr.ts); any other UD + Pending has no typed row here (the fallback has no
 * pickup date), so it falls to the legacy "Pending" (no change).
 */
export const FALLBACK_STATUSES: StatusTable = [
  { type: 'UD', status: 'Pending', to: 'delivery_failed', when: failedAttempt, substatus: failedAttemptReason },
  ...LIFECYCLE_STATUSES,
  ...LEGACY_STATUSES,
];

/** Untyped legacy statuses, then the StatusType + Status pairs of Delhivery's Package Lifecycle. */
export const DOCUMENTED_STATUSES: readonly { status: string; type?: string }[] = [
  ...LEGACY_DOCUMENTED.map(({ status }) => ({ status })),
  ...LIFECYCLE_DOCUMENTED,
];
