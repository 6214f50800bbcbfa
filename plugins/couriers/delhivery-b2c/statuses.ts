import { normalizeStatus, type StatusTable } from 'waybill';
import { LEGACY_STATUSES } from '../../shared/delhivery/legacy-statuses.js';
import { LIFECYCLE_DOCUMENTED, LIFECYCLE_STATUSES } from '../../shared/delhivery/lifecycle-statuses.js';
import { failedAttempt, failedAttemptReason } from '../../shared/delhivery/ndr.js';
import { pickedUpBeforeToday } from '../../shared/delhivery/pickup-date.js';

/**
 * Closed statuses Delhivery lists ("Delivered, Cancelled, RTO, DTO, Collected") whose StatusType no source
 * gives (a forward "Cancelled", "Collected"): their untyped legacy rows map them under whatever type they
 * come with (DL-Collected, UD-Cancelled, …); typed lifecycle rows still win.
 */
const CLOSED_WITHOUT_DOCUMENTED_TYPE = ['Cancelled', 'Collected'];

const closedWithoutDocumentedType = LEGACY_STATUSES.filter((row) =>
  CLOSED_WITHOUT_DOCUMENTED_TYPE.some((status) => normalizeStatus(status) === normalizeStatus(row.status)),
);

/**
 * StatusType + Status, direction-aware (seed table + Delhivery's Package Lifecycle). UD + Pending is three
 * things: a failed delivery attempt (an NDR code, shared/delhivery/ndr.ts), a picked-up package waiting at a
 * facility, or one not picked up yet (the seed's pickup-date rule).
 */
export const B2C_STATUSES: StatusTable = [
  { type: 'UD', status: 'Pending', to: 'delivery_failed', when: failedAttempt, substatus: failedAttemptReason },
  { type: 'UD', status: 'Pending', to: 'in_transit', when: pickedUpBeforeToday },
  { type: 'UD', status: 'Pending', to: 'pending_pickup' },
  ...LIFECYCLE_STATUSES,
  ...closedWithoutDocumentedType,
];

/** Every StatusType + Status pair Delhivery documents for the packages API, then the closed statuses without a type (README). */
export const DOCUMENTED_STATUSES: readonly { status: string; type?: string }[] = [
  ...LIFECYCLE_DOCUMENTED,
  ...CLOSED_WITHOUT_DOCUMENTED_TYPE.map((status) => ({ status })),
];
