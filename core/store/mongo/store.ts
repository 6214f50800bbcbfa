import { MongoClient, type Document, type MongoClientOptions } from 'mongodb';
import { ConfigError } from '../../../config/errors.js';
import type { ApiCallStore, AwaitingStore, CheckLogStore, CourierStateStore, OutboxStore, RetentionStore, RunStore, ShipmentStore, Store } from '../port.js';
import { apiUsage } from './api-usage.js';
import { addAwaiting, awaitingForOrder } from './awaiting.js';
import { listChecks, pruneChecks, recordChecks } from './check-log.js';
import * as checks from './checks.js';
import * as claims from './claims.js';
import { ensureIndexes, openContext } from './collections.js';
import { DEFAULT_TIMING, type CommitTiming } from './commit.js';
import * as outbox from './outbox.js';
import * as queries from './queries.js';
import { registerShipments } from './register.js';
import * as retention from './retention.js';
import * as runs from './runs.js';
import { parseMongoUrl } from './url.js';

export interface MongoStoreOptions {
  /** Timing of the commit protocol (commit.ts); the defaults suit production. */
  commit?: Partial<CommitTiming> | undefined;
  /** Extra driver options (the URL's own options apply too). */
  client?: MongoClientOptions | undefined;
  /** Sees every command the store sends (diagnostics; the query-plan test checks each against the indexes). */
  commandMonitor?: ((command: { commandName: string; command: Document }) => void) | undefined;
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
  #initialised: Promise<void> | undefined;
  readonly shipments: ShipmentStore;
  readonly runs: RunStore;
  readonly outbox: OutboxStore;
  readonly courierState: CourierStateStore;
  readonly apiCalls: ApiCallStore;
  readonly awaiting: AwaitingStore;
  readonly retention: RetentionStore;
  readonly checks: CheckLogStore;

  constructor(url: string, options: MongoStoreOptions = {}) {
    const parsed = parseMongoUrl(url);
    this.url = parsed.redacted;
    this.dbName = parsed.dbName;
    try {
      this.#client = new MongoClient(parsed.url, { appName: 'waybill', ignoreUndefined: true, ...options.client, ...(options.commandMonitor ? { monitorCommands: true } : {}) });
      const monitor = options.commandMonitor;
      if (monitor) this.#client.on('commandStarted', (event) => monitor({ commandName: event.commandName, command: event.command }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ConfigError(`WAYBILL_STORE: the MongoDB URL "${parsed.redacted}" was refused by the driver: ${scrub(message, parsed.url)}`);
    }
    const ctx = openContext(this.#client.db(parsed.dbName), { ...DEFAULT_TIMING, ...options.commit });
    this.shipments = {
      register: (inputs, now) => registerShipments(ctx, inputs, now),
      get: (courier, trackingNumber) => queries.getShipment(ctx, courier, trackingNumber),
      lookup: (courier, trackingNumber) => queries.lookupShipment(ctx, courier, trackingNumber),
      list: (filter, page) => queries.listShipments(ctx, filter, page),
      listByOrder: (orderId) => queries.listShipmentsByOrder(ctx, orderId),
      pageByOrder: (orderId, page) => queries.pageShipmentsByOrder(ctx, orderId, page),
      events: (shipmentId) => queries.getEvents(ctx, shipmentId),
      history: (shipmentId) => queries.getHistory(ctx, shipmentId),
      claimDue: (courier, options) => claims.claimDue(ctx, courier, options),
      claimOne: (courier, trackingNumber, options) => claims.claimOne(ctx, courier, trackingNumber, options),
      releaseLeases: (items) => claims.releaseLeases(ctx, items),
      update: (shipmentId, guard, decide) => checks.updateShipment(ctx, shipmentId, guard, decide),
      // FerretDB v1 has no multi-document transactions: the batch's check-log rows follow its writes.
      updateMany: async (requests, audit) => {
        const outcomes = await checks.updateShipments(ctx, requests);
        if (audit) await recordChecks(ctx, audit(outcomes));
        return outcomes;
      },
      untrack: (shipmentIds, now) => checks.untrack(ctx, shipmentIds, now),
      expireStale: (courier, cutoff, now) => checks.expireStale(ctx, courier, cutoff, now),
      countDue: (courier, now) => queries.countDue(ctx, courier, now),
      countByStatus: () => queries.countByStatus(ctx),
    };
    this.runs = {
      create: (run) => runs.createRun(ctx, run),
      updateCounts: (id, counts, now) => runs.updateRunCounts(ctx, id, counts, now),
      heartbeat: (id, now) => runs.heartbeatRun(ctx, id, now),
      finish: (id, result) => runs.finishRun(ctx, id, result),
      abandonStale: (options) => runs.abandonStaleRuns(ctx, options),
      get: (id) => runs.getRun(ctx, id),
      list: (filter) => runs.listRuns(ctx, filter),
    };
    this.outbox = {
      enqueue: (items, now) => outbox.enqueueOutbox(ctx, items, now),
      claim: (options) => outbox.claimOutbox(ctx, options),
      complete: (id, lease, now) => outbox.completeOutbox(ctx, id, lease, now),
      fail: (id, lease, failure, now) => outbox.failOutbox(ctx, id, lease, failure, now),
      counts: () => outbox.outboxCounts(ctx),
      list: (filter, page) => outbox.listDeliveries(ctx, filter, page),
      get: (id) => outbox.getDelivery(ctx, id),
      redrive: (which, now) => outbox.redrive(ctx, which, now),
    };
    this.courierState = { get: (courier) => runs.getCourierState(ctx, courier), set: (state) => runs.setCourierState(ctx, state) };
    this.apiCalls = {
      log: (calls) => runs.logApiCalls(ctx, calls),
      count: (courier, since) => runs.countApiCalls(ctx, courier, since),
      forRun: (runId) => runs.apiCallsOfRun(ctx, runId),
      usage: (filter) => apiUsage(ctx, filter),
    };
    this.awaiting = { add: (item, now) => addAwaiting(ctx, item, now), forOrder: (orderId) => awaitingForOrder(ctx, orderId) };
    this.checks = { record: (checks) => recordChecks(ctx, checks), list: (filter, page) => listChecks(ctx, filter, page), prune: (before) => pruneChecks(ctx, before) };
    this.retention = { pruneRuns: (before) => retention.pruneRuns(ctx, before), pruneDeliveredOutbox: (before) => retention.pruneDeliveredOutbox(ctx, before) };
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
