import { Transient } from 'waybill';

/** Blue Dart's tracking servlet (the "custawbquery" action of its tnt handler), under the base URL. */
export const TRACK_PATH = '/servlet/RoutingServlet';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The tracking query as Blue Dart's clients send it, without the credentials: the core's query auth adds
 * `loginid` and `lickey` to every request. `awb=awb` asks by waybill (`awb=ref` would ask by reference);
 * `scan=1` asks for every scan, not only the current status.
 */
export function trackQuery(numbers: readonly string[], format: Format): Record<string, string> {
  return { handler: 'tnt', action: 'custawbquery', awb: 'awb', numbers: numbers.join(','), format, verno: '1.3', scan: '1' };
}

/** The waybills a tracking query asks about. */
export function numbersOf(query: Readonly<Record<string, string | undefined>>): string[] {
  return (query.numbers ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

/**
 * The `format` setting. The core has no start-time check for plugin settings, so a wrong value fails each
 * batch (retried with backoff) naming the variable, rather than being guessed at.
 */
export function formatOf(settings: Readonly<Record<string, string>>): Format {
  const value = (settings.format ?? 'xml').trim().toLowerCase();
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new Transient(`WAYBILL_COURIER_BLUEDART_FORMAT is "${settings.format}": it must be one of ${FORMATS.join(', ')}`);
}
