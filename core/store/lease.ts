import type { Lease } from './types.js';

/** A lease as stored with a shipment or an outbox message. */
export interface StoredLease {
  owner: string | null;
  /** Monotonic fencing token: incremented on every claim and every fence, never reset. */
  token: number;
  until: Date | null;
}

/** No live lease at `now` (a lease ending exactly at `now` is over). */
export function leaseFree(lease: StoredLease, now: Date): boolean {
  return lease.until === null || lease.until.getTime() <= now.getTime();
}

/** `lease` is the current one and has not expired at `now`. */
export function leaseHeld(stored: StoredLease, lease: Lease, now: Date): boolean {
  return stored.owner === lease.owner && stored.token === lease.token && stored.until !== null && stored.until.getTime() >= now.getTime();
}

/** The lease after a write that `release`s it (the token stays, so an old holder never matches again), `fence`s it, or `keep`s it. */
export function leaseAfter(stored: StoredLease, mode: 'release' | 'fence' | 'keep'): StoredLease {
  if (mode === 'keep') return stored;
  return { owner: null, token: mode === 'fence' ? stored.token + 1 : stored.token, until: null };
}
