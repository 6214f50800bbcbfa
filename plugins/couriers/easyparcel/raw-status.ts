import { StatusMapper, normalizeStatus, type Mapping } from 'waybill';
import { EASYPARCEL_STATUSES } from './statuses.js';
import { CODES_2025_09, CODES_2026_03 } from './vocabulary.js';

/** The status Waybill maps, and the courier's own words when they were not usable as one. */
export interface RawStatus {
  status: string;
  description?: string | undefined;
}

const KNOWN_TEXTS = new Set(EASYPARCEL_STATUSES.map((row) => normalizeStatus(row.status)));
const mapper = new StatusMapper('easyparcel', EASYPARCEL_STATUSES);
const meaning = (text: string): string => {
  const mapping: Mapping = mapper.map(text, { now: new Date(0), fields: {} });
  return mapping.kind === 'mapped' ? `${mapping.status}/${mapping.substatus ?? ''}` : mapping.kind;
};

/**
 * The codes whose meaning both published tables agree on (or that only one table has), with the 2025-09
 * text: 0, 1, 2, 4, 7, 9, 10. Codes 3, 5, 6, 8 and 11 mean different things in the two tables (5 is
 * "In Transit to Hub" or "Delivered"), so no text is guessed for them.
 */
export const CODE_TEXTS: ReadonlyMap<number, string> = new Map(
  [...new Set([...Object.keys(CODES_2025_09), ...Object.keys(CODES_2026_03)].map(Number))].flatMap((code) => {
    const texts = [CODES_2025_09[code], CODES_2026_03[code]].filter((t): t is string => t !== undefined);
    const meanings = new Set(texts.map(meaning));
    return meanings.size === 1 ? [[code, texts[0]!] as const] : [];
  }),
);

/**
 * The status of a result or scan from its text and code: a text the table knows wins whatever the code
 * says; otherwise an unambiguous code's text stands in (the words kept as the description); otherwise the
 * words themselves, which the table does not know, so the core stores them raw and reports them unmapped.
 */
export function rawStatus(words: string | undefined, code: number | undefined): RawStatus | undefined {
  if (words !== undefined && KNOWN_TEXTS.has(normalizeStatus(words))) return { status: words };
  const byCode = code === undefined ? undefined : CODE_TEXTS.get(code);
  if (byCode !== undefined) return { status: byCode, description: words };
  if (words !== undefined) return { status: words };
  return code === undefined ? undefined : { status: `shipment_status_code ${code}` };
}
