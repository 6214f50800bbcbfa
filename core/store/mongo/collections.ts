import type { Collection, Db, IndexDescription } from 'mongodb';
import type { CheckLogDoc } from './check-log.js';
import { Committer, type CommitTiming, type MarkerDoc } from './commit.js';
import type { ApiCallDoc, AwaitingDoc, CourierStateDoc, EventDoc, OutboxDoc, RunDoc, ShipmentDoc } from './documents.js';

export const COLLECTIONS = {
  shipments: 'shipments',
  events: 'events',
  runs: 'runs',
  apiCalls: 'api_calls',
  outbox: 'outbox',
  courierState: 'courier_state',
  awaiting: 'awaiting_shipments',
  commitMarkers: 'commit_markers',
  checkLog: 'check_log',
} as const;

/**
 * Indexes created by `init()` (idempotent: createIndexes with the same name and spec is a no-op).
 * Only plain and unique compound indexes: FerretDB v1 has no partial or TTL indexes.
 */
export const INDEXES: Record<keyof typeof COLLECTIONS, IndexDescription[]> = {
  shipments: [
    { name: 'shipments_courier_tracking', key: { courier: 1, trackingNumber: 1 }, unique: true },
    // The claim order in full (ties by _id): a claim reads its batch off the index, never sorts the due ones.
    { name: 'shipments_claim', key: { courier: 1, active: 1, nextCheckAt: 1, _id: 1 } },
    { name: 'shipments_tracking_since', key: { courier: 1, active: 1, trackingSince: 1 } },
    { name: 'shipments_order_created', key: { orderId: 1, createdAt: 1, _id: 1 } },
    { name: 'shipments_origin', key: { origin: 1, active: 1 } },
    { name: 'shipments_status', key: { courier: 1, status: 1 } },
    // Shipments requiring attention (their consecutive failed checks).
    { name: 'shipments_failures', key: { consecutiveFailures: 1 } },
    // Finds shipments whose transition outbox entries have not been moved to `outbox` yet (multikey).
    { name: 'shipments_outbox_pending', key: { 'outboxPending.id': 1 } },
  ],
  events: [
    { name: 'events_unique', key: { shipmentId: 1, at: 1, status: 1, statusType: 1, location: 1 }, unique: true },
    { name: 'events_timeline', key: { shipmentId: 1, at: 1, _id: 1 } },
  ],
  runs: [
    { name: 'runs_courier_started', key: { courier: 1, startedAt: -1, _id: -1 } },
    { name: 'runs_started_order', key: { startedAt: -1, _id: -1 } },
    { name: 'runs_heartbeat', key: { state: 1, heartbeatAt: 1 } },
  ],
  apiCalls: [
    { name: 'api_calls_courier', key: { courier: 1, at: 1 } },
    { name: 'api_calls_run_order', key: { runId: 1, _id: 1 } },
    { name: 'api_calls_at', key: { at: 1 } },
  ],
  outbox: [
    { name: 'outbox_dedup', key: { dedupKey: 1 }, unique: true },
    { name: 'outbox_claim', key: { state: 1, nextAttemptAt: 1, createdAt: 1, _id: 1 } },
    { name: 'outbox_order', key: { effect: 1, orderKey: 1, state: 1, createdAt: 1 } },
    { name: 'outbox_effect_state', key: { effect: 1, state: 1, createdAt: 1 } },
  ],
  courierState: [],
  awaiting: [{ name: 'awaiting_order', key: { orderId: 1, registeredAt: 1 } }],
  commitMarkers: [],
  checkLog: [
    { name: 'check_log_shipment', key: { shipmentId: 1, at: -1, _id: -1 } },
    { name: 'check_log_courier', key: { courier: 1, at: -1, _id: -1 } },
    { name: 'check_log_at', key: { at: -1, _id: -1 } },
  ],
};

/** Everything the store's parts share: the collections and the commit protocol. */
export interface MongoContext {
  shipments: Collection<ShipmentDoc>;
  events: Collection<EventDoc>;
  runs: Collection<RunDoc>;
  apiCalls: Collection<ApiCallDoc>;
  outbox: Collection<OutboxDoc>;
  courierState: Collection<CourierStateDoc>;
  awaiting: Collection<AwaitingDoc>;
  checkLog: Collection<CheckLogDoc>;
  committer: Committer;
}

export function openContext(db: Db, timing: CommitTiming): MongoContext {
  return {
    shipments: db.collection<ShipmentDoc>(COLLECTIONS.shipments),
    events: db.collection<EventDoc>(COLLECTIONS.events),
    runs: db.collection<RunDoc>(COLLECTIONS.runs),
    apiCalls: db.collection<ApiCallDoc>(COLLECTIONS.apiCalls),
    outbox: db.collection<OutboxDoc>(COLLECTIONS.outbox),
    courierState: db.collection<CourierStateDoc>(COLLECTIONS.courierState),
    awaiting: db.collection<AwaitingDoc>(COLLECTIONS.awaiting),
    checkLog: db.collection<CheckLogDoc>(COLLECTIONS.checkLog),
    committer: new Committer(db.collection<MarkerDoc>(COLLECTIONS.commitMarkers), timing),
  };
}

/** Indexes earlier versions created that the ones above replace: dropped, so writes do not keep them up. */
const REPLACED_INDEXES: Partial<Record<keyof typeof COLLECTIONS, string[]>> = {
  shipments: ['shipments_due', 'shipments_order'],
  runs: ['runs_courier', 'runs_started'],
  apiCalls: ['api_calls_run'],
  outbox: ['outbox_due'],
};

export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, names] of Object.entries(REPLACED_INDEXES) as [keyof typeof COLLECTIONS, string[]][]) {
    for (const name of names) await db.collection(COLLECTIONS[collection]).dropIndex(name).catch(ignoreMissing);
  }
  for (const [collection, indexes] of Object.entries(INDEXES) as [keyof typeof COLLECTIONS, IndexDescription[]][]) {
    const name = COLLECTIONS[collection];
    // One index per command: FerretDB v1.24 drops the connection (server-side panic) when one createIndexes
    // command repeats several indexes that already exist; one at a time it is a no-op, as on MongoDB.
    for (const index of indexes) await db.collection(name).createIndexes([index]);
    // Create empty collections too, so that the first concurrent writes do not race to create them.
    if (indexes.length === 0 && !(await db.listCollections({ name }, { nameOnly: true }).hasNext())) {
      await db.createCollection(name).catch(ignoreExists);
    }
  }
}

function ignoreMissing(error: unknown): void {
  // IndexNotFound (27), NamespaceNotFound (26): nothing to drop.
  const code = (error as { code?: number }).code;
  if (code !== 27 && code !== 26) throw error;
}

function ignoreExists(error: unknown): void {
  // NamespaceExists (48): another instance created it first.
  if ((error as { code?: number }).code !== 48) throw error;
}
