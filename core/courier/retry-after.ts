/**
 * When may we call a courier again after a 429? Couriers answer in many dialects: `Retry-After` as
 * delta-seconds or an HTTP date, `X-RateLimit-Reset` as unix seconds (GitHub style), `RateLimit-Reset`
 * as delta-seconds (IETF draft), the combined IETF `RateLimit: limit=…, remaining=…, reset=…` field, and
 * a few spellings of each. Numbers are read by magnitude: ≥ 1e12 unix milliseconds, ≥ 1e9 unix seconds,
 * otherwise seconds from now.
 */
export const RETRY_AFTER_HEADERS = [
  'retry-after',
  'x-retry-after',
  'x-ratelimit-reset',
  'ratelimit-reset',
  'x-rate-limit-reset',
  'x-ratelimit-reset-after',
  'x-rate-limit-retry-after-seconds',
  'ratelimit',
] as const;

export const DEFAULT_RATE_LIMIT_PAUSE_MS = 5 * 60_000;

type HeaderBag = Record<string, string | string[] | undefined>;

export function parseRetryAfterValue(raw: string, now: Date): Date | null {
  const value = raw.trim();
  if (value === '') return null;
  const combined = /(?:^|[;,\s])reset=(\d+(?:\.\d+)?)/i.exec(value);
  if (combined?.[1] !== undefined) return fromNumber(Number(combined[1]), now);
  if (/^\d+(\.\d+)?$/.test(value)) return fromNumber(Number(value), now);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : new Date(date);
}

function fromNumber(n: number, now: Date): Date {
  if (n >= 1e12) return new Date(n);
  if (n >= 1e9) return new Date(n * 1000);
  return new Date(now.getTime() + Math.ceil(n * 1000));
}

/** The first parseable rate-limit header wins; with none, pause for `defaultMs`. Never earlier than now. */
export function resumeTimeFromHeaders(
  headers: HeaderBag,
  now: Date,
  defaultMs = DEFAULT_RATE_LIMIT_PAUSE_MS,
): Date {
  const lower = lowerCaseKeys(headers);
  for (const name of RETRY_AFTER_HEADERS) {
    const raw = lower[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    const at = parseRetryAfterValue(value, now);
    if (at !== null) return at.getTime() < now.getTime() ? now : at;
  }
  return new Date(now.getTime() + defaultMs);
}

/** The time a `Retry-After` header names (503s carry only this one), never earlier than now; null without one. */
export function retryAfterHeader(headers: HeaderBag, now: Date): Date | null {
  const raw = lowerCaseKeys(headers)['retry-after'];
  const at = parseRetryAfterValue((Array.isArray(raw) ? raw[0] : raw) ?? '', now);
  return at === null ? null : new Date(Math.max(at.getTime(), now.getTime()));
}

function lowerCaseKeys(headers: HeaderBag): HeaderBag {
  const out: HeaderBag = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}
