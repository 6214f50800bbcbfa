/**
 * Wall-clock times of a fixed-offset zone, as many couriers write them: without a zone ("2026-02-22
 * 14:30:00", "2024-09-22T09:25:10.124", "2026-02-20"). Only fixed offsets: a zone with daylight saving
 * needs the zone's rules, which no courier here has asked for.
 */
export class LocalTime {
  readonly #offsetMs: number;

  /** `offset` as ISO-8601 writes it, e.g. `+05:30`. */
  constructor(readonly offset: string) {
    const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
    if (!match) throw new Error(`LocalTime: offset must look like +05:30, got "${offset}"`);
    const [, sign, hours, minutes] = match;
    this.#offsetMs = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
  }

  /**
   * A courier timestamp as ISO-8601 with an explicit offset: zone-less values are read in this zone, values
   * that already carry a zone are kept. Anything unreadable (empty strings, "NA", 0000-00-00) is undefined.
   */
  parse(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const raw = value.trim();
    if (raw === '') return undefined;
    if (ZONED.test(raw)) return Number.isNaN(Date.parse(raw)) ? undefined : raw;
    const match = LOCAL.exec(raw);
    if (!match) return undefined;
    const [, day, hm = '00:00', seconds = '00', fraction] = match;
    // Couriers write 1 to 6 fractional digits ("…01.44", "…45.307000"); keep milliseconds only.
    const ms = fraction ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : '';
    const iso = `${day}T${hm}:${seconds}${ms}${this.offset}`;
    return Number.isNaN(Date.parse(iso)) ? undefined : iso;
  }

  /** The calendar day (YYYY-MM-DD) an instant falls on in this zone. */
  day(instant: Date): string {
    return this.wallClock(instant).slice(0, 10);
  }

  /** An instant as this zone's wall-clock time without a zone ("2026-03-10T09:30:00.000"), as couriers write it. */
  wallClock(instant: Date): string {
    return new Date(instant.getTime() + this.#offsetMs).toISOString().slice(0, 23);
  }
}

const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
