import { MongoClient, type MongoClientOptions } from 'mongodb';
import { ConfigError } from '../../errors.js';
import type { ClaimOptions, RegisterOutcome, Store } from '../port.js';
import type {
  ApiCallRecord,
  ApplyOutcome,
  CheckWrite,
  ClaimedShipment,
  CourierState,
  HistoryEntry,
  Lease,
  ManualUpdate,
  OutboxInput,
  OutboxMessage,
  Page,
  Run,
  RunCounts,
  RunState,
  RunTrigger,
  Shipment,
  ShipmentFilter,
  ShipmentInput,
  StoredEvent,
} from '../types.js';
import * as checks from './checks.js';
import * as claims from './claims.js';
import { ensureIndexes, openContext, type MongoContext } from './collections.js';
import { DEFAULT_TIMING, type CommitTiming } from './commit.js';
import * as outbox from './outbox.js';
import * as queries from './queries.js';
import { registerShipments } from './register.js';
import * as runs from './runs.js';
import { parseMongoUrl } from './url.js';

export interface MongoStoreOptions {
  /** Timing of the commit protocol (commit.ts); the defaults suit production. */
  commit?: Partial<CommitTiming> | undefined;
  /** Extra driver options (the URL's own options apply too). */
  client?: MongoClientOptions | undefined;
}

/**
 * The production store: MongoDB 6.0 / 7.0 / 8.0, or FerretDB v1 for tests. Uses no multi-document
 * transactions; every write that must be atomic is one document version (see commit.ts).
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb';
  /** The URL without credentials, for logs. */
  readonly url: string;
  readonly dbName: string;
  readonly #client: MongoClient;
  readonly #ctx: MongoContext;
  #initialised: Promise<void> | undefined;

  constructor(url: string, options: MongoStoreOptions = {}) {
    const parsed = parseMongoUrl(url);
    this.url = parsed.redacted;
    this.dbName = parsed.dbName;
    try {
      this.#client = new MongoClient(parsed.url, { appName: 'waybill', ignoreUndefined: true, ...options.client });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ConfigError(`WAYBILL_STORE: the MongoDB URL "${parsed.redacted}" was refused by the driver: ${scrub(message, parsed.url)}`);
    }
    this.#ctx = openContext(this.#client.db(parsed.dbName), { ...DEFAULT_TIMING, ...options.commit });
  }

  /** Connects and creates the indexes; safe to call more than once. */
  init(): Promise<void> {
    this.#initialised ??= (async () => {
      await this.#client.connect();
      await ensureIndexes(this.#client.db(this.dbName));
    })().catch((error: unknown) => {
      this.#initialised = undefined; // let a later call try again
      throw error;
    });
    return this.#initialised;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  registerShipments(inputs: readonly ShipmentInput[], now: Date): Promise<RegisterOutcome[]> {
    return registerShipments(this.#ctx, inputs, now);
  }
  getShipment(courier: string, trackingNumber: string): Promise<Shipment | null> {
    return queries.getShipment(this.#ctx, courier, trackingNumber);
  }
  listShipments(filter: ShipmentFilter, page: Page): Promise<{ items: Shipment[]; total: number }> {
    return queries.listShipments(this.#ctx, filter, page);
  }
  listShipmentsByOrder(orderId: string): Promise<Shipment[]> {
    return queries.listShipmentsByOrder(this.#ctx, orderId);
  }
  getEvents(shipmentId: string): Promise<StoredEvent[]> {
    return queries.getEvents(this.#ctx, shipmentId);
  }
  getHistory(shipmentId: string): Promise<HistoryEntry[]> {
    return queries.getHistory(this.#ctx, shipmentId);
  }

  claimDue(courier: string, options: ClaimOptions): Promise<ClaimedShipment[]> {
    return claims.claimDue(this.#ctx, courier, options);
  }
  claimOne(courier: string, trackingNumber: string, options: Omit<ClaimOptions, 'limit'>): Promise<ClaimedShipment | null> {
    return claims.claimOne(this.#ctx, courier, trackingNumber, options);
  }
  releaseLeases(items: readonly { shipmentId: string; lease: Lease }[]): Promise<void> {
    return claims.releaseLeases(this.#ctx, items);
  }
  applyCheck(shipmentId: string, lease: Lease, write: CheckWrite, now: Date): Promise<ApplyOutcome> {
    return checks.applyCheck(this.#ctx, shipmentId, lease, write, now);
  }
  applyManualStatus(shipmentId: string, update: ManualUpdate, items: readonly OutboxInput[]): Promise<Shipment> {
    return checks.applyManualStatus(this.#ctx, shipmentId, update, items);
  }
  untrack(shipmentIds: readonly string[], now: Date): Promise<number> {
    return checks.untrack(this.#ctx, shipmentIds, now);
  }
  expireStale(courier: string, cutoff: Date, now: Date): Promise<number> {
    return checks.expireStale(this.#ctx, courier, cutoff, now);
  }
  countDue(courier: string, now: Date): Promise<number> {
    return queries.countDue(this.#ctx, courier, now);
  }
  countByStatus(): Promise<{ courier: string; status: string; active: boolean; count: number }[]> {
    return queries.countByStatus(this.#ctx);
  }

  createRun(run: { courier: string; trigger: RunTrigger; state: RunState; owner: string; startedAt: Date; pausedUntil?: Date | null }): Promise<Run> {
    return runs.createRun(this.#ctx, run);
  }
  updateRunCounts(id: string, counts: RunCounts): Promise<void> {
    return runs.updateRunCounts(this.#ctx, id, counts);
  }
  finishRun(id: string, result: { state: RunState; finishedAt: Date; counts: RunCounts; error?: string | null }): Promise<void> {
    return runs.finishRun(this.#ctx, id, result);
  }
  getRun(id: string): Promise<Run | null> {
    return runs.getRun(this.#ctx, id);
  }
  listRuns(filter: { courier?: string | undefined; limit: number }): Promise<Run[]> {
    return runs.listRuns(this.#ctx, filter);
  }
  logApiCalls(calls: readonly ApiCallRecord[]): Promise<void> {
    return runs.logApiCalls(this.#ctx, calls);
  }
  countApiCalls(courier: string, since: Date): Promise<number> {
    return runs.countApiCalls(this.#ctx, courier, since);
  }

  enqueueOutbox(items: readonly OutboxInput[], now: Date): Promise<void> {
    return outbox.enqueueOutbox(this.#ctx, items, now);
  }
  claimOutbox(options: ClaimOptions): Promise<OutboxMessage[]> {
    return outbox.claimOutbox(this.#ctx, options);
  }
  completeOutbox(id: string, lease: Lease, now: Date): Promise<boolean> {
    return outbox.completeOutbox(this.#ctx, id, lease, now);
  }
  failOutbox(id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): Promise<boolean> {
    return outbox.failOutbox(this.#ctx, id, lease, failure, now);
  }
  outboxCounts(): Promise<{ pending: number; delivered: number; dead: number }> {
    return outbox.outboxCounts(this.#ctx);
  }

  getCourierState(courier: string): Promise<CourierState> {
    return runs.getCourierState(this.#ctx, courier);
  }
  setCourierState(state: CourierState): Promise<void> {
    return runs.setCourierState(this.#ctx, state);
  }
}

/** Removes the URL and its user-info from a driver message, should it quote them. */
function scrub(message: string, url: string): string {
  const userInfo = /^[a-z+]+:\/\/([^@/?]*)@/i.exec(url)?.[1];
  let out = message.split(url).join('<url>');
  if (userInfo) {
    out = out.split(userInfo).join('***');
    for (const part of userInfo.split(':')) if (part.length >= 3) out = out.split(part).join('***');
  }
  return out;
}
