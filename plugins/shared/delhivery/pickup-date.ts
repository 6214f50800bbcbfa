import type { MappingContext } from 'waybill';
import { IST } from '../ist.js';

/**
 * The seed's rule for a Delhivery "Pending" ("based on PickUpDate < today"): the shipment counts as
 * picked up when its pickup date falls on an earlier Indian calendar day than today's. A missing or
 * unreadable pickup date, or one dated today or later, means it is still waiting for pickup.
 */
export function pickedUpBeforeToday(ctx: MappingContext): boolean {
  const pickup = ctx.fields.pickupDate;
  const ms = typeof pickup === 'string' ? Date.parse(pickup) : Number.NaN;
  return !Number.isNaN(ms) && IST.day(new Date(ms)) < IST.day(ctx.now);
}
