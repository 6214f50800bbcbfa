import { LocalTime, text, type Json } from 'waybill';

const UTC = new LocalTime('+00:00');

/** `GMTOffset` as USPS writes it ("-05:00", "-7:00", "-0500") in ISO form, or undefined. */
export function isoOffset(value: unknown): string | undefined {
  const match = /^([+-]?)(\d{1,2})(?::?(\d{2}))?$/.exec(text(value) ?? '');
  if (!match) return undefined;
  const [, sign, hours, minutes = '00'] = match;
  if (Number(hours) > 14 || Number(minutes) > 59) return undefined;
  return `${sign === '-' ? '-' : '+'}${hours!.padStart(2, '0')}:${minutes}`;
}

/**
 * When a scan happened, as ISO-8601 with a zone: `GMTTimestamp` (UTC, to the second), else the local
 * `eventTimestamp` at its `GMTOffset`. A local time without an offset could be in any of a dozen US zones:
 * it is not guessed, and the scan is left out.
 */
export function eventInstant(event: Json): string | undefined {
  const gmt = UTC.parse(event.GMTTimestamp);
  if (gmt) return gmt;
  const offset = isoOffset(event.GMTOffset);
  return offset ? new LocalTime(offset).parse(event.eventTimestamp) : undefined;
}

/** Where a scan happened: "HERNANDO, FL 34442" (a facility name stands alone in `eventCity`). */
export function eventPlace(event: Json): string | undefined {
  const region = [text(event.eventState), text(event.eventZIP)].filter(Boolean).join(' ');
  const place = [text(event.eventCity), region, text(event.eventCountry)].filter(Boolean).join(', ');
  return place || undefined;
}
