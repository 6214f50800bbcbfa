import { IST } from '../../shared/ist.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** "08 December 2017", "08-Dec-2017", "08-12-2017" → "2017-12-08"; anything else undefined. */
function isoDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,2})[\s-]+([A-Za-z]+|\d{1,2})[\s-]+(\d{4})$/.exec(value.trim());
  if (!match) return undefined;
  const [, day, month, year] = match;
  const monthNumber = /^\d+$/.test(month!) ? Number(month) : MONTHS.indexOf(month!.slice(0, 3).toUpperCase()) + 1;
  if (monthNumber < 1 || monthNumber > 12) return undefined;
  return `${year}-${String(monthNumber).padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/** "18:27", "1827" or 1258 (Blue Dart's PickUpTime) → "18:27"; anything else undefined. */
function wallTime(value: unknown): string | undefined {
  const raw = typeof value === 'number' ? String(value).padStart(4, '0') : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,2}):?(\d{2})$/.exec(raw);
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : undefined;
}

/**
 * A Blue Dart date and time (India Standard Time, written without a zone) as ISO-8601 with +05:30.
 * A date without a readable time is read as the start of that day; an unreadable date is undefined.
 */
export function blueDartTime(date: unknown, time?: unknown): string | undefined {
  const day = isoDay(date);
  if (day === undefined) return undefined;
  return IST.parse(`${day} ${wallTime(time) ?? '00:00'}`);
}
