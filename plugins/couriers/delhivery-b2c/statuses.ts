import type { MappingContext, StatusTable } from '../../../core/courier/status-table.js';
import { IST } from '../../shared/ist.js';
import { LIFECYCLE_DOCUMENTED, LIFECYCLE_STATUSES } from '../../shared/delhivery/lifecycle-statuses.js';

/**
 * The seed's rule for UD + Pending ("based on PickUpDate < today"): the shipment counts as picked up
 * when Delhivery's PickUpDate falls on an earlier Indian calendar day than today's. A missing or
 * unreadable PickUpDate, or one dated today or later, means it is still waiting for pickup.
 */
export function pickedUpBeforeToday(ctx: MappingContext): boolean {
  const pickup = ctx.fields.pickupDate;
  const ms = typeof pickup === 'string' ? Date.parse(pickup) : Number.NaN;
  return !Number.isNaN(ms) && IST.day(new Date(ms)) < IST.day(ctx.now);
}

/** StatusType + Status, direction-aware (seed table + Delhivery's Package Lifecycle). */
export const B2C_STATUSES: StatusTable = [
  { type: 'UD', status: 'Pending', to: 'in_transit', when: pickedUpBeforeToday },
  { type: 'UD', status: 'Pending', to: 'pending_pickup' },
  ...LIFECYCLE_STATUSES,
];

/** Every StatusType + Status pair Delhivery documents for the packages API (see README, Sources). */
export const DOCUMENTED_STATUSES = LIFECYCLE_DOCUMENTED;
