import type { Collection, Db, IndexDescription } from 'mongodb';
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
} as const;

/**
 * Indexes created by `init()` (idempotent: createIndexes with the same name and spec is a no-op).
 * Only plain and unique compound indexes: FerretDB v1 has no partial or TTL indexes.
 */
export const INDEXES: Record<keyof typeof COLLECTIONS, IndexDescription[]> = {
  shipments: [
    { name: 'shipments_courier_tracking', key: { courier: 1, trackingNumber: 1 }, unique: true },
    { name: 'shipments_due', key: { courier: 1, active: 1, nextCheckAt: 1 } },
    { name: 'shipments_order', key: { orderId: 1 } },
    { name: 'shipments_origin', key: { origin: 1, active: 1 } },
    { name: 'shipments_status', key: { courier: 1, status: 1 } },
    // Finds shipments whose transition outbox entries have not been moved to `outbox` yet (multikey).
    { name: 'shipments_outbox_pending', key: { 'outboxPending.id': 1 } },
  ],
  events: [{ name: 'events_unique', key: { shipmentId: 1, at: 1, status: 1, statusType: 1, location: 1 }, unique: true }],
  runs: [
    { name: 'runs_courier', key: { courier: 1, startedAt: 1 } },
    { name: 'runs_started', key: { startedAt: 1 } },
  ],
  apiCalls: [
    { name: 'api_calls_courier', key: { courier: 1, at: 1 } },
    { name: 'api_calls_run', key: { runId: 1, at: 1 } },
  ],
  outbox: [
    { name: 'outbox_dedup', key: { dedupKey: 1 }, unique: true },
    { name: 'outbox_due', key: { state: 1, nextAttemptAt: 1 } },
    { name: 'outbox_order', key: { effect: 1, orderKey: 1, state: 1, createdAt: 1 } },
    { name: 'outbox_effect_state', key: { effect: 1, state: 1, createdAt: 1 } },
  ],
  courierState: [],
  awaiting: [{ name: 'awaiting_order', key: { orderId: 1, registeredAt: 1 } }],
  commitMarkers: [],
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
    committer: new Committer(db.collection<MarkerDoc>(COLLECTIONS.commitMarkers), timing),
  };
}

export async function ensureIndexes(db: Db): Promise<void> {
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

function ignoreExists(error: unknown): void {
  // NamespaceExists (48): another instance created it first.
  if ((error as { code?: number }).code !== 48) throw error;
}
