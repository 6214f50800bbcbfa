import { normalizeStatus, type MappingContext } from 'waybill';

/**
 * FedEx's words when a package that could not be delivered goes back to its shipper under a new number:
 * `ancillaryDetails[].reasonDescription` "Return tracking number 289570198701", action "…The package is being
 * returned to the shipper.", actionDescription "Unable to deliver shipment, returned to shipper" [code: live].
 */
const RETURN_WORDS = /return tracking number|return(?:ed|ing)? to (?:the )?(?:shipper|sender)/i;

/**
 * A delivery exception (DE) that is the start of the return to the shipper: FedEx says so in its words, or
 * the current status names the return's tracking number (`fields.returnTrackingNumber`; the current status's
 * `code` is FedEx's own code, DE, while a scan's `code` is its exception code).
 */
export function returningToShipper(ctx: MappingContext): boolean {
  if (ctx.description !== undefined && RETURN_WORDS.test(ctx.description)) return true;
  return ctx.code === 'DE' && typeof ctx.fields.returnTrackingNumber === 'string';
}

const MAX_SUBSTATUS = 64;

/** Why the delivery failed, as a substatus: FedEx's reason ("Customer not available or business closed") in snake_case. */
export function exceptionReason(ctx: MappingContext): string {
  const reason = normalizeStatus(ctx.description ?? '').toLowerCase().slice(0, MAX_SUBSTATUS).replace(/_$/, '');
  return reason === '' ? 'delivery_exception' : reason;
}
