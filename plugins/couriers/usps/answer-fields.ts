import { LocalTime, text, type Json } from 'waybill';

const UTC = new LocalTime('+00:00');

/** USPS booleans arrive as JSON booleans or as the strings "true" / "false". */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return word === 'true' ? true : word === 'false' ? false : undefined;
}

/**
 * The expected delivery: `expectedDeliveryTimeStamp`, else `predictedDeliveryDate`. A zone-less timestamp is
 * the destination's local day, kept as that day (YYYY-MM-DD) rather than given a zone it does not have.
 */
export function eta(body: Json): string | undefined {
  for (const value of [body.expectedDeliveryTimeStamp, body.predictedDeliveryDate, body.expectedDeliveryDate]) {
    const raw = text(value);
    if (!raw) continue;
    if (/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(raw) && UTC.parse(raw)) return raw;
    const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(raw)?.[1];
    if (day && !Number.isNaN(Date.parse(day))) return day;
  }
  return undefined;
}

/** Facts about the piece that status rules, effects and people may want, as USPS names them. */
export function pieceFields(body: Json): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of ['statusSummary', 'mailClass', 'mailType', 'serviceTypeCode', 'originCity', 'originState', 'originZIP', 'destinationCity', 'destinationState', 'destinationZIP', 'returnDateNotice', 'uniqueMailPieceID', 'uniqueMailPieceId', 'mailPieceIntakeDate']) {
    const value = text(body[key]);
    if (value !== undefined) fields[key] = value;
  }
  for (const key of ['onTime', 'redeliveryEnabled', 'proofOfDeliveryEnabled']) {
    const value = flag(body[key]);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}
