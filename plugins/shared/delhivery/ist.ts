/**
 * Delhivery reports local Indian time without a zone ("2024-09-22T09:25:10.124", "2026-02-22 14:30:00",
 * "2026-02-20"). India has one zone and no daylight saving, so +05:30 is always right.
 */
export const IST_OFFSET = '+05:30';
const IST_OFFSET_MS = 330 * 60_000;

const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;
const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A Delhivery timestamp as ISO-8601 with an explicit offset: zone-less values are read as IST, values
 * that already carry a zone are kept. Anything unreadable (including Delhivery's empty strings) is undefined.
 */
export function istTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  if (raw === '') return undefined;
  if (ZONED.test(raw)) return Number.isNaN(Date.parse(raw)) ? undefined : raw;
  const match = LOCAL.exec(raw);
  if (!match) return undefined;
  const [, day, hm = '00:00', seconds = '00', fraction] = match;
  // Delhivery writes 1 to 6 fractional digits ("…01.44", "…45.307000"); keep milliseconds only.
  const ms = fraction ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : '';
  const iso = `${day}T${hm}:${seconds}${ms}${IST_OFFSET}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** The Indian calendar day (YYYY-MM-DD) an instant falls on. */
export function istDay(instant: Date): string {
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant written the way Delhivery writes it: IST wall-clock time, no zone ("2026-03-10T09:30:00.000"). */
export function istLocalString(instant: Date): string {
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 23);
}
