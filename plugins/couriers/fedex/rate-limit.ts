import { RateLimited, isObject, text } from 'waybill';

/**
 * [doc] "429 – Too many requests – Daily transaction quota exceeded. Retry after 12:00AM GMT" (organization),
 * "Per project daily quota exceeded. Retry after 12:00 AM GMT" (the Track capability's 100,000 a day) [3p].
 */
export const isDailyQuota = (words: string): boolean => /daily/i.test(words) && /quota/i.test(words);

/** FedEx's days end at 00:00 GMT. */
export function nextMidnightUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** The words of a FedEx error answer: `errors[].code` and `.message`, or the body itself when it is text. */
export function errorWords(body: unknown): string {
  if (typeof body === 'string') return body.trim();
  const errors = isObject(body) && Array.isArray(body.errors) ? body.errors : [];
  const words = errors.filter(isObject).map((e) => [text(e.code), text(e.message)].filter(Boolean).join(': '));
  const message = isObject(body) ? text(body.message) : undefined;
  return [...words, ...(message ? [message] : [])].join('; ');
}

/** FedEx's daily quota is used up (its 429 says so): paused until the next 00:00 GMT. */
export function dailyQuotaUsed(answer: string, now: Date): RateLimited {
  const until = nextMidnightUtc(now);
  return new RateLimited(until, `FedEx daily quota used up (429: ${answer.slice(0, 200)}); paused until ${until.toISOString()} (00:00 GMT)`);
}
