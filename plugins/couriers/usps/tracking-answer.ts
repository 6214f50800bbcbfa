import { BadResponse, expectObject, isObject, newestEvent, text, type FoundResult, type Json, type RawEvent, type TrackResult } from 'waybill';
import { eta, pieceFields } from './answer-fields.js';
import { eventInstant, eventPlace } from './event-time.js';
import { RETURN_STARTED_AT, isReturnNotice } from './predicates.js';

/**
 * A scan as the table reads it: keyed on its Pub 199 event code, with USPS's words (`eventType`) as the
 * description. A scan without a code is keyed on its words. A scan without a readable time is left out.
 */
function toEvent(value: unknown): RawEvent[] {
  if (!isObject(value)) return [];
  const code = text(value.eventCode);
  const words = text(value.eventType);
  const status = code ?? words;
  const at = eventInstant(value);
  if (status === undefined || at === undefined) return [];
  return [{ at, status, code, description: words, location: eventPlace(value) }];
}

/** `trackingEvents` is a list (newest first); a single scan may come as an object of its own. */
function scans(value: unknown): RawEvent[] {
  const list = Array.isArray(value) ? value : isObject(value) ? [value] : [];
  return list.flatMap(toEvent);
}

/** The time of the first return-to-sender scan: from then on, every scan is of the way back. */
function returnStartedAt(events: readonly RawEvent[]): string | undefined {
  const returns = events.filter((e) => isReturnNotice({ now: new Date(e.at), code: e.code, description: e.description, fields: {} }));
  return returns.reduce<string | undefined>((first, e) => (first === undefined || Date.parse(e.at) < Date.parse(first) ? e.at : first), undefined);
}

/** USPS's error words in its error body (`{apiVersion, error: {code, message, errors: [{detail}]}}`) or an OAuth-style one. */
export function errorReason(body: unknown): string | undefined {
  if (!isObject(body) || body.error === undefined || body.error === null) return undefined;
  const error = body.error;
  if (!isObject(error)) return text(body.error_description) ?? text(error) ?? 'USPS answered with an error';
  const detail = Array.isArray(error.errors) ? error.errors.map((e) => (isObject(e) ? (text(e.detail) ?? text(e.title)) : undefined)).find(Boolean) : undefined;
  return text(error.message) ?? detail ?? text(error.code) ?? 'USPS answered with an error';
}

/**
 * One number's 200 answer (`expand=DETAIL`). The current status is `statusCategory`, read with the `status`
 * text and the newest scan's code (statuses.ts); an answer with only the text is keyed on the text.
 */
export function readTrackingAnswer(trackingNumber: string, value: unknown): TrackResult {
  const body = expectObject(value, 'the tracking answer');
  const category = text(body.statusCategory);
  const words = text(body.status);
  if (category === undefined && words === undefined) {
    const reason = errorReason(body);
    if (reason !== undefined) return { trackingNumber, found: false, reason };
    throw new BadResponse('unexpected_shape', 'the tracking answer has neither statusCategory nor status');
  }
  return found(trackingNumber, body, category ?? words!, words);
}

function found(trackingNumber: string, body: Json, status: string, words: string | undefined): FoundResult {
  const events = scans(body.trackingEvents);
  const newest = newestEvent(events);
  const fields = pieceFields(body);
  const started = returnStartedAt(events);
  if (started !== undefined) fields[RETURN_STARTED_AT] = started;
  return {
    trackingNumber,
    found: true,
    status,
    description: words,
    code: newest?.code,
    statusAt: newest?.at,
    events,
    eta: eta(body),
    location: newest?.location,
    fields,
  };
}
