import { normalizeStatus, type MappingContext } from 'waybill';

/**
 * A failed delivery attempt (NDR) is not a status of its own on Delhivery: the package goes back to
 * UD + Pending with the attempt's NSL code (`EOD-…`) in StatusCode and Delhivery's remark in Instructions.
 * Codes and remarks: Delhivery's NDR API page lists the codes its RE-ATTEMPT action accepts (EOD-74, 15, 104,
 * 43, 86, 11, 69, 6; ST-108 is also NDR-actionable) [doc]; the remark of each code as Delhivery writes it is
 * from an aggregator's public mapping of Delhivery NSL codes and live responses [code] (README.md).
 */
const NDR: readonly { code: string; remark: string; reason: string }[] = [
  { code: 'EOD-3', remark: 'Asked to reschedule', reason: 'reschedule_requested' },
  { code: 'EOD-6', remark: 'Customer Refused to accept/Order Cancelled', reason: 'refused' },
  { code: 'EOD-11', remark: 'Consignee Unavailable', reason: 'consignee_unavailable' },
  { code: 'EOD-15', remark: 'Consignee moved/shifted', reason: 'consignee_moved' },
  { code: 'EOD-16', remark: 'Payment not ready with customer', reason: 'payment_not_ready' },
  { code: 'EOD-40', remark: 'Payment Mode / Amt Dispute', reason: 'payment_dispute' },
  { code: 'EOD-43', remark: 'Self Collect', reason: 'self_collect_requested' },
  { code: 'EOD-69', remark: 'Customer asked for open delivery', reason: 'open_delivery_requested' },
  { code: 'EOD-74', remark: 'Bad/Incomplete Address', reason: 'bad_address' },
  { code: 'EOD-86', remark: 'Not attempted', reason: 'not_attempted' },
  { code: 'EOD-104', remark: 'Entry restricted area', reason: 'entry_restricted' },
  { code: 'EOD-111', remark: 'Consignee opened the package and refused to accept', reason: 'refused_after_opening' },
  { code: 'EOD-133', remark: 'Cheque Data Incorrect', reason: 'cheque_data_incorrect' },
  { code: 'EOD-134', remark: 'Consignee asked for card/wallet on delivery payment', reason: 'card_payment_requested' },
  { code: 'EOD-146', remark: 'No Id Proof', reason: 'no_id_proof' },
];

/** Delhivery writes some codes with a space ("EOD- 146"). */
const codeOf = (ctx: MappingContext) => ctx.code?.replace(/\s+/g, '').toUpperCase();
const byCode = new Map(NDR.map((n) => [n.code, n.reason]));
const byRemark = new Map(NDR.map((n) => [normalizeStatus(n.remark), n.reason]));

/** The attempt context: the package went out for delivery at least once (Delhivery's DispatchCount). */
const dispatched = (ctx: MappingContext) => Number(ctx.fields.dispatchCount ?? 0) >= 1;

/**
 * A UD + Pending that reports a failed attempt: a known NDR code or remark; any other `EOD-…` (or
 * NDR-actionable `ST-108`) code once the package was dispatched.
 */
export function failedAttempt(ctx: MappingContext): boolean {
  const code = codeOf(ctx);
  if (code !== undefined && byCode.has(code)) return true;
  if (ctx.description !== undefined && byRemark.has(normalizeStatus(ctx.description))) return true;
  return code !== undefined && (/^EOD-\d+$/.test(code) || code === 'ST-108') && dispatched(ctx);
}

/** Why the attempt failed, as a substatus: the code's reason, else Delhivery's remark in snake_case. */
export function failedAttemptReason(ctx: MappingContext): string {
  const code = codeOf(ctx);
  const known = (code !== undefined ? byCode.get(code) : undefined) ?? (ctx.description !== undefined ? byRemark.get(normalizeStatus(ctx.description)) : undefined);
  if (known) return known;
  const remark = ctx.description !== undefined ? normalizeStatus(ctx.description).toLowerCase() : '';
  return remark === '' ? 'attempt_failed' : remark;
}
