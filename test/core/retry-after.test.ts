import t from 'tap';
import { parseRetryAfterValue, resumeTimeFromHeaders } from '../../core/courier/retry-after.js';

const now = new Date('2026-05-01T10:00:00.000Z');
const plus = (s: number) => new Date(now.getTime() + s * 1000).toISOString();

t.test('Retry-After and its dialects', async (t) => {
  const cases: [string, Record<string, string>, string][] = [
    ['delta seconds', { 'Retry-After': '120' }, plus(120)],
    ['fractional seconds round up to the millisecond', { 'retry-after': '1.5' }, plus(1.5)],
    ['HTTP date', { 'Retry-After': 'Fri, 01 May 2026 10:05:00 GMT' }, plus(300)],
    ['X-RateLimit-Reset as unix seconds', { 'X-RateLimit-Reset': String(now.getTime() / 1000 + 90) }, plus(90)],
    ['X-RateLimit-Reset as unix milliseconds', { 'X-RateLimit-Reset': String(now.getTime() + 45_000) }, plus(45)],
    ['RateLimit-Reset as delta seconds (IETF draft)', { 'RateLimit-Reset': '30' }, plus(30)],
    ['X-Rate-Limit-Reset', { 'X-Rate-Limit-Reset': '15' }, plus(15)],
    ['X-RateLimit-Reset-After', { 'X-RateLimit-Reset-After': '7' }, plus(7)],
    ['combined IETF RateLimit field', { RateLimit: 'limit=750, remaining=0, reset=42' }, plus(42)],
    ['no header: default pause of five minutes', {}, plus(300)],
    ['unparseable header: default pause', { 'Retry-After': 'soon-ish' }, plus(300)],
    ['a reset time already past means now', { 'Retry-After': 'Fri, 01 May 2026 09:00:00 GMT' }, now.toISOString()],
  ];
  for (const [name, headers, expected] of cases) {
    t.equal(resumeTimeFromHeaders(headers, now).toISOString(), expected, name);
  }
});

t.test('Retry-After wins over the other headers, and the default is configurable', async (t) => {
  t.equal(resumeTimeFromHeaders({ 'Retry-After': '10', 'X-RateLimit-Reset': '999' }, now).toISOString(), plus(10));
  t.equal(resumeTimeFromHeaders({}, now, 60_000).toISOString(), plus(60));
  t.equal(parseRetryAfterValue('', now), null);
});
