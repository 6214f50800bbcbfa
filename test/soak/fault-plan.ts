/**
 * The faults the soak's proxy injects into tracking requests, and how often. A rate-limit answer names
 * its pause in one of the dialects core/courier/retry-after.ts reads (the sandbox has no dialect of its
 * own); the proxy computes the same resume time from what it sent, to judge the requests that follow.
 */
export type FaultKind =
  | 'rate-limit'
  | 'expired-token'
  | 'forbidden'
  | 'server-error'
  | 'no-answer'
  | 'stalled-body'
  | 'cut-off-body'
  | 'malformed-body'
  | 'partial-answer'
  | 'reset';

export const FAULT_KINDS: readonly FaultKind[] = [
  'rate-limit',
  'expired-token',
  'forbidden',
  'server-error',
  'no-answer',
  'stalled-body',
  'cut-off-body',
  'malformed-body',
  'partial-answer',
  'reset',
];

/** A 429's headers for a pause of `seconds` from `now`; `null` seconds: no header (the courier's default pause). */
export interface RateLimitForm {
  name: string;
  headers(now: Date, seconds: number): Record<string, string>;
  /** The pause is the courier's default (minutes), which the soak cuts short with an operator resume. */
  defaultPause?: true;
}

const unixSeconds = (now: Date, seconds: number) => Math.ceil(now.getTime() / 1000) + seconds;

export const RATE_LIMIT_FORMS: readonly RateLimitForm[] = [
  { name: 'Retry-After seconds', headers: (_now, s) => ({ 'Retry-After': String(s) }) },
  { name: 'Retry-After HTTP date', headers: (now, s) => ({ 'Retry-After': new Date(unixSeconds(now, s) * 1000).toUTCString() }) },
  { name: 'Retry-After unix seconds', headers: (now, s) => ({ 'Retry-After': String(unixSeconds(now, s)) }) },
  { name: 'X-RateLimit-Reset unix seconds', headers: (now, s) => ({ 'X-RateLimit-Reset': String(unixSeconds(now, s)) }) },
  { name: 'X-Rate-Limit-Reset seconds', headers: (_now, s) => ({ 'X-Rate-Limit-Reset': String(s) }) },
  { name: 'RateLimit-Reset seconds', headers: (_now, s) => ({ 'RateLimit-Reset': String(s) }) },
  { name: 'RateLimit combined field', headers: (_now, s) => ({ RateLimit: `limit=120, remaining=0, reset=${s}` }) },
  { name: 'X-Retry-After unix milliseconds', headers: (now, s) => ({ 'X-Retry-After': String(unixSeconds(now, s) * 1000) }) },
  { name: 'no header', headers: () => ({}), defaultPause: true },
];

/** When a 429 with `headers`, sent at `sentAt`, says the courier may be asked again (for the forms above). */
export function pauseEndOf(form: RateLimitForm, sentAt: Date, seconds: number): Date {
  const absolute = form.name.includes('unix') || form.name.includes('date');
  return absolute ? new Date(unixSeconds(sentAt, seconds) * 1000) : new Date(sentAt.getTime() + seconds * 1000);
}

/** Relative weights, kept small so a short soak deals the whole deck, every kind, more than once. */
const WEIGHTS: Readonly<Record<FaultKind, number>> = {
  'rate-limit': 1,
  'expired-token': 1,
  forbidden: 1,
  'server-error': 2,
  'no-answer': 1,
  'stalled-body': 1,
  'cut-off-body': 1,
  'malformed-body': 1,
  'partial-answer': 2,
  reset: 1,
};

/** A small seeded generator (mulberry32), so a failing soak can be run again with the same choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface FaultPlan {
  /** The fault for the next tracking request, or null to forward it untouched; pauses only when `mayPause`. */
  next(mayPause: boolean): FaultKind | null;
  random: () => number;
}

const PAUSING: ReadonlySet<FaultKind> = new Set(['rate-limit', 'forbidden']);

/**
 * Faults on about `rate` of the tracking requests: first each kind once (in random order), so a short soak
 * meets every kind however few faults it draws, then from a shuffled deck holding each kind as often as its
 * weight. A pause is held back while one is open.
 */
export function randomFaultPlan(rate: number, random: () => number): FaultPlan {
  const deck: FaultKind[] = [];
  const undealt = new Set(FAULT_KINDS);
  const refill = () => {
    for (const kind of FAULT_KINDS) for (let i = 0; i < WEIGHTS[kind]; i++) deck.push(kind);
    for (let i = deck.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deck[i], deck[j]] = [deck[j]!, deck[i]!];
    }
  };
  return {
    random,
    next(mayPause) {
      if (random() >= rate) return null;
      const first = [...undealt].filter((k) => mayPause || !PAUSING.has(k));
      if (first.length > 0) {
        const kind = first[Math.floor(random() * first.length)]!;
        undealt.delete(kind);
        return kind;
      }
      if (!deck.some((k) => mayPause || !PAUSING.has(k))) refill();
      const at = deck.findIndex((k) => mayPause || !PAUSING.has(k));
      return deck.splice(at, 1)[0]!;
    },
  };
}
