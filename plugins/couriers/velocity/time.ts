/** Velocity writes local Indian time without a zone ("2025-07-30 17:39:29"); the offset is added here. */
const IST_OFFSET = '+05:30';

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** ISO-8601 with an offset, or undefined when the value is not a timestamp Velocity is known to write. */
export function istTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim();
  const zoneless = ZONELESS.exec(raw);
  let iso: string | undefined;
  if (zoneless) iso = `${zoneless[1]}T${zoneless[2]}${IST_OFFSET}`;
  else if (DATE_ONLY.test(raw)) iso = `${raw}T00:00:00${IST_OFFSET}`;
  else if (ZONED.test(raw)) iso = raw;
  return iso !== undefined && !Number.isNaN(Date.parse(iso)) ? iso : undefined;
}

/** The zone-less IST form Velocity uses, e.g. for a login's `expires_at` (simulator side). */
export function formatIst(at: Date): string {
  return new Date(at.getTime() + 330 * 60_000).toISOString().slice(0, 19);
}
