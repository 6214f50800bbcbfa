import { MongoBulkWriteError, MongoServerError, type Collection, type Filter, type OptionalUnlessRequiredId } from 'mongodb';
import type { Versioned } from './documents.js';

/**
 * Compare-and-swap for one document, sound on MongoDB and on FerretDB v1.
 *
 * Every write to a shipment or an outbox message computes the whole next version of the document from the
 * version it read (sequence number `seq`) and commits it with `replaceOne({ _id, seq })`. On MongoDB that
 * conditional replace is atomic. FerretDB v1 evaluates the filter and writes the document in two separate
 * steps, so two writers that read the same version would both "win" (measured: 19 of 20 rounds of eight
 * concurrent replaces had several winners). What FerretDB v1 does enforce atomically is a unique index on
 * insert. So before replacing version `s`, a writer inserts a marker `<collection>:<id>:<s+1>` into
 * `commit_markers`: only one writer per version gets it, the others see a duplicate key and retry from a
 * fresh read (or skip the document). The marker is removed once the replace is done.
 *
 * A writer that dies between marker and replace leaves a marker behind. Once it is older than
 * `staleAfterMs` the next writer steps over it (uses `s+2`). That is safe because a writer never sends its
 * replace later than `abortAfterMs` after it took its marker: it gives the marker back and retries instead.
 * Stepping over is the only time-based assumption, the same kind a lease makes: a single replace request
 * must not take longer than `staleAfterMs - abortAfterMs` (plus clock skew between instances) to execute.
 */

export interface CommitTiming {
  /** A marker older than this belongs to a writer that died mid-commit: its sequence number is skipped. */
  staleAfterMs: number;
  /** A writer that cannot send its replace within this time after taking its marker gives up and retries. */
  abortAfterMs: number;
  /** How long a writer keeps retrying while other writers get in first before it fails. */
  maxWaitMs: number;
}

export const DEFAULT_TIMING: CommitTiming = { staleAfterMs: 30_000, abortAfterMs: 5_000, maxWaitMs: 40_000 };

export interface MarkerDoc {
  _id: string;
  at: Date;
}

/** What a writer wants: the next version of the document, or to leave it alone (with a reason). */
export type Decision<D, S> = { next: D } | { skip: S };

export type CommitResult<D, S> =
  | { status: 'committed'; doc: D }
  | { status: 'skipped'; reason: S; doc: D | null }
  /** Another writer was committing this document and the caller asked not to wait. */
  | { status: 'busy' };

export interface MutateOptions<D> {
  /** The version the caller has already read (saves a round trip); `null` means "known to be missing". */
  initial?: D | null | undefined;
  /** 'wait': retry until the other writer is done (claims of a specific document, checks, manual updates);
   *  'skip': give up at once (batch claims, which move on to the next candidate). */
  onBusy: 'wait' | 'skip';
}

export class CommitTimeout extends Error {
  constructor(collection: string, id: string, ms: number) {
    super(`could not write ${collection} ${id}: other writers kept changing it for ${ms} ms`);
    this.name = 'CommitTimeout';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Jittered exponential backoff, 2 ms → 50 ms. */
const backoff = (attempt: number) => Math.min(50, 2 ** Math.min(attempt, 6)) * (0.5 + Math.random());

export class Committer {
  constructor(
    private readonly markers: Collection<MarkerDoc>,
    private readonly timing: CommitTiming = DEFAULT_TIMING,
  ) {}

  /**
   * Reads the document (unless `initial` is given), asks `decide` for its next version and commits it;
   * on a conflict re-reads and asks again, so `decide` always judges the latest committed version.
   */
  async mutate<D extends Versioned, S>(
    col: Collection<D>,
    id: string,
    decide: (current: D | null) => Decision<D, S>,
    options: MutateOptions<D>,
  ): Promise<CommitResult<D, S>> {
    const started = Date.now();
    let current: D | null = options.initial !== undefined ? options.initial : await this.#read(col, id);
    for (let attempt = 0; ; attempt++) {
      const decision = decide(current);
      if ('skip' in decision) return { status: 'skipped', reason: decision.skip, doc: current };
      if (current === null) throw new Error(`cannot write ${col.collectionName} ${id}: it does not exist`);
      const base = current.seq;
      const reserved = await this.#reserve(col.collectionName, id, base);
      if (reserved) {
        const next = { ...decision.next, _id: id, seq: reserved.seq } as D;
        let matched = false;
        // Past the abort time we must not send: another writer may already be stepping over our marker.
        if (Date.now() - reserved.at.getTime() <= this.timing.abortAfterMs) {
          // If this throws, the marker stays: the replace may still execute, so the version must stay taken
          // until the marker goes stale.
          const result = await col.replaceOne({ _id: id, seq: base } as Filter<D>, next);
          matched = result.matchedCount === 1;
        }
        await this.#release(col.collectionName, id, base, reserved.seq);
        if (matched) return { status: 'committed', doc: next };
      } else if (options.onBusy === 'skip') {
        return { status: 'busy' };
      }
      if (Date.now() - started > this.timing.maxWaitMs) throw new CommitTimeout(col.collectionName, id, this.timing.maxWaitMs);
      await sleep(backoff(attempt));
      current = await this.#read(col, id);
    }
  }

  async #read<D extends Versioned>(col: Collection<D>, id: string): Promise<D | null> {
    return (await col.findOne({ _id: id } as Filter<D>)) as D | null;
  }

  /**
   * Runs `change` at most once for `key` across every writer racing for it (a run closed as abandoned by two
   * instances sweeping together): only the writer whose marker insert wins runs it; the others get false.
   * The marker stays, so a later writer cannot run it again either.
   */
  async once(key: string, change: () => Promise<boolean>): Promise<boolean> {
    try {
      await this.markers.insertOne({ _id: `once:${key}`, at: new Date() });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    return change();
  }

  /** Takes the marker for the version after `base`, stepping over markers of dead writers; null if busy. */
  async #reserve(collection: string, id: string, base: number): Promise<{ seq: number; at: Date } | null> {
    let seq = base + 1;
    for (let tries = 0; tries < 16; tries++) {
      const key = markerKey(collection, id, seq);
      const at = new Date();
      try {
        await this.markers.insertOne({ _id: key, at });
        return { seq, at };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const holder = await this.markers.findOne({ _id: key });
      if (holder === null) continue; // released meanwhile: try the same version again
      if (Date.now() - holder.at.getTime() < this.timing.staleAfterMs) return null;
      seq++; // its writer died between marker and replace
    }
    return null;
  }

  /**
   * Drops our marker, the dead ones we stepped over and the one that produced `base` (left behind if its
   * writer died after its replace). Safe: the document is no longer at any version those markers guard.
   */
  async #release(collection: string, id: string, base: number, reserved: number): Promise<void> {
    const keys: string[] = [];
    for (let seq = base; seq <= reserved; seq++) keys.push(markerKey(collection, id, seq));
    try {
      await this.markers.deleteMany({ _id: { $in: keys } });
    } catch {
      // A leftover marker only makes the next writer wait until it is stale.
    }
  }
}

export const markerKey = (collection: string, id: string, seq: number) => `${collection}:${id}:${seq}`;

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/**
 * Inserts documents, ignoring those a unique index rejects (code 11000) and nothing else.
 * Returns how many were inserted.
 */
export async function insertIgnoringDuplicates<T extends { _id: string }>(col: Collection<T>, docs: readonly T[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    const result = await col.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return result.insertedCount;
  } catch (error) {
    if (error instanceof MongoBulkWriteError) {
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000) && !error.writeConcernError) return error.insertedCount;
    }
    throw error;
  }
}
