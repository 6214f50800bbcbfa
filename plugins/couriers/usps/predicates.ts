import { normalizeStatus, type MappingContext } from 'waybill';
import { ATTEMPT_CODES, RETURN_CODES } from './vocabulary.js';

/**
 * What the status table asks of a USPS status or scan besides its category or code. For the current status
 * `description` is the `status` text and `code` the newest scan's code; for a scan they are its `eventType`
 * and `eventCode`. USPS keeps the tracking number on a return to sender, so whether the piece is on its way
 * back is read from the history: the result's fields carry when the first return scan happened.
 */

/** The result field holding the time (ISO-8601) of the first return-to-sender scan, when there is one. */
export const RETURN_STARTED_AT = 'returnStartedAt';

const words = (ctx: MappingContext) => ctx.description ?? '';

const TO_SENDER = /\bto\s+(?:the\s+)?(?:original\s+)?sender\b/i;
const RETURN_TEXT = /\breturn(?:ed|ing)?\s+to\s+sender\b|\bbeing\s+returned\b/i;

/** Return reasons USPS writes as words (when a scan has no code, or the status text says it). */
const RETURN_REASON_TEXTS: readonly [RegExp, string][] = [
  [/no such number/i, 'no_such_number'],
  [/insufficient address/i, 'insufficient_address'],
  [/moved,? left no address/i, 'moved_left_no_address'],
  [/forward(?:ing)? (?:order )?expired/i, 'forward_expired'],
  [/addressee unknown/i, 'addressee_unknown'],
  [/\bvacant\b/i, 'vacant'],
  [/\bunclaimed\b/i, 'unclaimed'],
  [/\bdeceased\b/i, 'deceased'],
  [/customer recall/i, 'customer_recall'],
];

const ATTEMPT_TEXTS: readonly [RegExp, string][] = [
  [/no authorized recipient/i, 'no_authorized_recipient'],
  [/receptacle blocked/i, 'receptacle_blocked'],
  [/receptacle full|item oversized/i, 'receptacle_full'],
  [/no secure location/i, 'no_secure_location'],
  [/no access/i, 'no_access'],
  [/business closed/i, 'business_closed'],
  [/\brefused\b/i, 'refused'],
  [/undeliverable as addressed/i, 'undeliverable_as_addressed'],
  [/notice left/i, 'notice_left'],
  [/delivery attempt/i, 'attempted'],
];

const firstMatch = (table: readonly [RegExp, string][], text: string) => table.find(([pattern]) => pattern.test(text))?.[1];

/** The words say the piece went, or is going, back: "Return to Sender", "Delivered, To Original Sender" … */
export const saysToSender = (ctx: MappingContext): boolean => TO_SENDER.test(words(ctx)) || RETURN_TEXT.test(words(ctx));

/** This status or scan is the start of a return to sender: a return code, or words that say so. */
export const isReturnNotice = (ctx: MappingContext): boolean =>
  (ctx.code !== undefined && ctx.code in RETURN_CODES) || RETURN_TEXT.test(words(ctx)) || firstMatch(RETURN_REASON_TEXTS, words(ctx)) !== undefined;

/** Why the piece is returned, as a substatus. */
export const returnReason = (ctx: MappingContext): string =>
  (ctx.code !== undefined ? RETURN_CODES[ctx.code] : undefined) ?? firstMatch(RETURN_REASON_TEXTS, words(ctx)) ?? 'return_to_sender';

/** The piece had already started back to the sender when this status or scan happened. */
export const returning = (ctx: MappingContext): boolean => {
  const started = ctx.fields[RETURN_STARTED_AT];
  return typeof started === 'string' && Date.parse(started) <= ctx.now.getTime();
};

/** A delivery attempt that did not deliver, by its code or its words. */
export const isAttempt = (ctx: MappingContext): boolean => (ctx.code !== undefined && ctx.code in ATTEMPT_CODES) || firstMatch(ATTEMPT_TEXTS, words(ctx)) !== undefined;

/** Why the attempt failed: the words first (they are the more specific: "Notice Left (Receptacle Blocked)"), then the code. */
export const attemptReason = (ctx: MappingContext): string =>
  firstMatch(ATTEMPT_TEXTS.slice(0, -2), words(ctx)) ?? (ctx.code !== undefined ? ATTEMPT_CODES[ctx.code] : undefined) ?? firstMatch(ATTEMPT_TEXTS, words(ctx)) ?? 'attempted';

export const atPostOffice = (ctx: MappingContext): boolean => /available for pick ?up|held at (?:the )?post office|arrival at pickup point/i.test(words(ctx));

/** Held at the Post Office (at the customer's request) rather than left there after an attempt. */
export const pickupSubstatus = (ctx: MappingContext): string | undefined => (/held at (?:the )?post office/i.test(words(ctx)) ? 'held_at_post_office' : undefined);

/** The addressee (or an agent) collected it: "Delivered, Individual Picked Up at Post Office", "Picked Up by Agent". */
export const pickedUp = (ctx: MappingContext): boolean => /picked up/i.test(words(ctx));

export const arrivingLate = (ctx: MappingContext): boolean => /arriving late|delayed/i.test(words(ctx));
export const forwarded = (ctx: MappingContext): boolean => /\bforwarded\b/i.test(words(ctx));
export const missent = (ctx: MappingContext): boolean => /mis-?sent|mis-?shipped/i.test(words(ctx));
export const damaged = (ctx: MappingContext): boolean => /\bdamaged\b/i.test(words(ctx));
/** Dead mail goes to the Mail Recovery Center: it reaches neither the addressee nor the sender. */
export const deadLetter = (ctx: MappingContext): boolean => ctx.code === '11' || /dead (?:letter|mail)/i.test(words(ctx));

/** "Delivered, Parcel Locker" → `parcel_locker`: where USPS left it, as a substatus (none for a bare "Delivered"). */
export const deliveredWhere = (ctx: MappingContext): string | undefined => {
  const where = /^delivered\s*,\s*(.+)$/i.exec(words(ctx).trim())?.[1];
  return where ? slug(where) : undefined;
};

/** The status text as a substatus ("Delivery Exception, Animal Interference" → `delivery_exception_animal_interference`). */
export const textSubstatus = (ctx: MappingContext): string | undefined => (words(ctx).trim() ? slug(words(ctx)) : undefined);

const slug = (text: string) => normalizeStatus(text.replace(/[/&]/g, ' ')).toLowerCase().slice(0, 60).replace(/_$/, '') || undefined;
