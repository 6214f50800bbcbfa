import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import t, { type Test } from 'tap';
import { ConfigError } from '../../config/errors.js';
import type { CanonicalStatus } from '../../core/statuses.js';
import { createStore } from '../../core/store/create.js';
import { markerKey } from '../../core/store/mongo/commit.js';
import type { ShipmentDoc } from '../../core/store/mongo/documents.js';
import { MongoStore, type MongoStoreOptions } from '../../core/store/mongo/store.js';
import type { CheckWrite } from '../../core/store/types.js';
import { startFerretDB } from '../helpers/ferretdb.js';
import { runCheckLogContract } from './check-log-contract.js';
import { runStoreContract } from './contract.js';
import { runRetentionContract } from './retention-contract.js';
import { applyCheck, applyManual } from './writes.js';

/**
 * The MongoDB store against a real MongoDB-protocol server: one FerretDB v1 (SQLite backend) per file,
 * a fresh database per store.
 */
let server: { uri: string; stop(): Promise<void> } | undefined;
t.before(async () => {
  server = await startFerretDB();
});
t.teardown(async () => {
  await server?.stop();
});

const freshUrl = () => `${server!.uri}waybill_${randomBytes(6).toString('hex')}`;

async function open(t: Test, url = freshUrl(), options?: MongoStoreOptions): Promise<MongoStore> {
  const store = new MongoStore(url, options);
  await store.init();
  t.teardown(() => store.close());
  return store;
}

async function raw(t: Test, store: MongoStore) {
  const client = await new MongoClient(server!.uri).connect();
  t.teardown(() => client.close());
  return client.db(store.dbName);
}

const openMongo = async () => {
  const store = new MongoStore(freshUrl());
  await store.init();
  return store;
};
runStoreContract(t, openMongo);
runRetentionContract(t, openMongo);
runCheckLogContract(t, openMongo);

const T0 = new Date('2026-03-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const LEASE = 60_000;

t.test('init creates the indexes, and a second init (or instance) changes nothing', async (t) => {
  const url = freshUrl();
  const store = await open(t, url);
  await store.init();
  await open(t, url);
  const db = await raw(t, store);
  const expected: [string, string, Record<string, number>, boolean][] = [
    ['shipments', 'shipments_courier_tracking', { courier: 1, trackingNumber: 1 }, true],
    ['shipments', 'shipments_claim', { courier: 1, active: 1, nextCheckAt: 1, _id: 1 }, false],
    ['shipments', 'shipments_tracking_since', { courier: 1, active: 1, trackingSince: 1 }, false],
    ['shipments', 'shipments_order_created', { orderId: 1, createdAt: 1, _id: 1 }, false],
    ['shipments', 'shipments_origin', { origin: 1, active: 1 }, false],
    ['shipments', 'shipments_outbox_pending', { 'outboxPending.id': 1 }, false],
    ['runs', 'runs_courier_started', { courier: 1, startedAt: -1, _id: -1 }, false],
    ['events', 'events_unique', { shipmentId: 1, at: 1, status: 1, statusType: 1, location: 1 }, true],
    ['outbox', 'outbox_dedup', { dedupKey: 1 }, true],
    ['outbox', 'outbox_claim', { state: 1, nextAttemptAt: 1, createdAt: 1, _id: 1 }, false],
    ['api_calls', 'api_calls_courier', { courier: 1, at: 1 }, false],
  ];
  for (const [collection, name, key, unique] of expected) {
    const index = (await db.collection(collection).listIndexes().toArray()).find((i) => i.name === name);
    t.ok(index, `${collection}.${name} exists`);
    t.same(index?.key, key, `${collection}.${name} key`);
    t.equal(index?.unique === true, unique, `${collection}.${name} ${unique ? 'is' : 'is not'} unique`);
  }
});

t.test('indexes an earlier version created and newer ones replace are dropped at init', async (t) => {
  const url = freshUrl();
  const first = await open(t, url);
  const db = await raw(t, first);
  await db.collection('shipments').createIndex({ courier: 1, active: 1, nextCheckAt: 1 }, { name: 'shipments_due' });
  await open(t, url);
  const names = (await db.collection('shipments').listIndexes().toArray()).map((i) => i.name);
  t.notOk(names.includes('shipments_due'), 'the replaced claim index is gone');
  t.ok(names.includes('shipments_claim'), 'its replacement is there');
});

t.test('WAYBILL_STORE: a MongoDB URL without a database is refused, and credentials are never printed', async (t) => {
  for (const url of [
    'mongodb://alice:s3cr3tpw@127.0.0.1:27017/',
    'mongodb://alice:s3cr3tpw@127.0.0.1:27017',
    'mongodb://alice:s3cr3tpw@127.0.0.1:27017/?authSource=admin',
    'mongodb+srv://alice:s3cr3tpw@cluster0.example.net/',
  ]) {
    const error = await createStore(url).then(
      () => null,
      (e: unknown) => e,
    );
    t.type(error, ConfigError, url.replace('s3cr3tpw', '…'));
    const message = (error as Error).message;
    t.match(message, /^WAYBILL_STORE: .*names no database/);
    t.notMatch(message, /s3cr3tpw|alice/, 'no credentials in the message');
  }
  const bad = await createStore('mongodb://alice:s3cr3tpw@127.0.0.1:27017/no.dots').catch((e: Error) => e);
  t.match((bad as Error).message, /WAYBILL_STORE: .*not a valid MongoDB database name/);
  t.notMatch((bad as Error).message, /s3cr3tpw/);
  const unknown = await createStore('postgres://bob:hunter22@db/x').catch((e: Error) => e);
  t.notMatch((unknown as Error).message, /hunter22/);

  const store = await createStore(`mongodb://alice:s3cr3tpw@${server!.uri.slice('mongodb://'.length)}waybill_url?serverSelectionTimeoutMS=500`);
  t.type(store, MongoStore);
  t.equal(store.kind, 'mongodb');
  t.equal((store as MongoStore).dbName, 'waybill_url');
  t.notMatch((store as MongoStore).url, /s3cr3tpw/);
  await store.close();
});

function step(status: CanonicalStatus, minute: number): CheckWrite {
  return {
    checkedAt: at(minute),
    nextCheckAt: at(minute + 1),
    consecutiveFailures: 0,
    lastError: null,
    active: true,
    inactiveReason: null,
    rawStatus: status.toUpperCase(),
    lastEventAt: at(minute),
    events: [{ at: at(minute).toISOString(), status: status.toUpperCase(), location: 'Hub', canonicalStatus: status, substatus: null }],
    transition: { status, substatus: null, rawStatus: status.toUpperCase(), at: at(minute) },
  };
}

const hook = (id: string, round: number) => ({ effect: 'hook', dedupKey: `hook:${id}:${round}`, payload: { round } });

/** `part` appears in `whole` in the same order, each element used at most once. */
function isSubsequence<T>(part: readonly T[], whole: readonly T[]): boolean {
  let from = 0;
  for (const item of part) {
    const at = whole.indexOf(item, from);
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}

t.test('two instances on one database: racing claims, checks and manual updates', async (t) => {
  const url = freshUrl();
  const [a, b] = [await open(t, url), await open(t, url)];
  const regs = await a.shipments.register(Array.from({ length: 24 }, (_, i) => ({ courier: 'c', trackingNumber: `R${i}` })), T0);
  const ids = regs.map((r) => r.id);
  const path: CanonicalStatus[] = ['in_transit', 'out_for_delivery', 'delivery_failed', 'out_for_delivery'];
  const manual = new Map<string, number>();
  for (const [round, status] of path.entries()) {
    const minute = 10 * (round + 1);
    const [byA, byB] = await Promise.all(
      (['A', 'B'] as const).map((owner, i) => [a, b][i]!.shipments.claimDue('c', { owner, now: at(minute), limit: 20, leaseMs: LEASE })),
    );
    const claimed = [...byA!, ...byB!].map((c) => c.shipment.id);
    t.equal(new Set(claimed).size, claimed.length, `round ${round}: no shipment claimed twice`);
    t.equal(claimed.length, ids.length, `round ${round}: every due shipment claimed once`);

    // Each result is applied by its holder and, at the same time, by the other instance with the same
    // (copied) lease; instance B also sets a manual status on every third shipment meanwhile.
    const claims = [...byA!.map((c) => ({ c, mine: a, other: b })), ...byB!.map((c) => ({ c, mine: b, other: a }))];
    const applies = claims.map(({ c, mine, other }) =>
      Promise.all([
        applyCheck(mine, c.shipment.id, c.lease, step(status, minute), at(minute), [hook(c.shipment.id, round)]),
        applyCheck(other, c.shipment.id, c.lease, step(status, minute), at(minute), [hook(c.shipment.id, round)]),
      ]),
    );
    const manuals = ids
      .filter((_, i) => i % 3 === round % 3)
      .map((id) => {
        manual.set(id, (manual.get(id) ?? 0) + 1);
        return applyManual(b, id, { status: 'exception', updatedBy: `ops${round}`, notes: null, at: at(minute) }, [
          { effect: 'hook', dedupKey: `manual:${id}:${round}`, payload: {} },
        ]);
      });
    const [outcomes] = await Promise.all([Promise.all(applies), Promise.all(manuals)]);
    for (const [i, pair] of outcomes.entries()) {
      const id = claims[i]!.c.shipment.id;
      const fencedByManual = ids.indexOf(id) % 3 === round % 3;
      const applied = pair.filter((o) => o.written).length;
      // A manual update ends the lease: a check it overtook is refused (0), otherwise exactly one apply wins.
      if (fencedByManual) t.ok(applied <= 1, `round ${round}: at most one apply per lease`);
      else t.equal(applied, 1, `round ${round}: one apply per lease`);
    }
  }

  let transitions = 0;
  for (const id of ids) {
    const history = await a.shipments.history(id);
    const courier = history.filter((h) => h.source === 'courier').map((h) => h.status);
    t.ok(isSubsequence(courier, path), `courier transitions recorded once each, in the order they happened (${courier.join(', ')})`);
    t.equal(history.filter((h) => h.source === 'manual').length, manual.get(id) ?? 0, 'no manual entry lost');
    for (let i = 1; i < history.length; i++) {
      t.not(`${history[i]!.status}/${history[i]!.source}`, `${history[i - 1]!.status}/${history[i - 1]!.source}`, 'no consecutive duplicate');
    }
    t.ok((await a.shipments.events(id)).length <= path.length, 'events deduplicated');
    transitions += courier.length + (manual.get(id) ?? 0);
  }
  t.same(await b.outbox.counts(), { pending: transitions, delivered: 0, dead: 0 }, 'one outbox message per transition');
});

t.test('two instances registering overlapping batches agree on ids and create each shipment once', async (t) => {
  const url = freshUrl();
  const [a, b] = [await open(t, url), await open(t, url)];
  for (let round = 0; round < 3; round++) {
    const batch = (from: number) => Array.from({ length: 20 }, (_, i) => ({ courier: 'c', trackingNumber: `G${round}-${from + i}` }));
    const [ra, rb] = await Promise.all([a.shipments.register(batch(0), T0), b.shipments.register(batch(10), T0)]);
    const all = [...ra, ...rb];
    const idsByNumber = new Map<string, Set<string>>();
    for (const r of all) idsByNumber.set(r.trackingNumber, (idsByNumber.get(r.trackingNumber) ?? new Set()).add(r.id));
    t.equal(idsByNumber.size, 30);
    t.ok([...idsByNumber.values()].every((s) => s.size === 1), `round ${round}: both callers got the same id`);
    t.equal(all.filter((r) => r.created).length, 30, `round ${round}: each shipment created exactly once`);
    const listed = await a.shipments.list({ courier: 'c' }, { limit: 1000, offset: 0 });
    t.equal(listed.total, 30 * (round + 1), 'no duplicate and no orphan documents');
  }
});

t.test('a writer that died mid-commit does not wedge the shipment', async (t) => {
  const store = await open(t, freshUrl(), { commit: { staleAfterMs: 400, abortAfterMs: 100, maxWaitMs: 3_000 } });
  const db = await raw(t, store);
  const [reg] = await store.shipments.register([{ courier: 'c', trackingNumber: 'W' }], T0);
  const markers = db.collection<{ _id: string; at: Date }>('commit_markers');
  // A live writer holds the next version: batch claims skip the shipment instead of waiting.
  await markers.insertOne({ _id: markerKey('shipments', reg!.id, 1), at: new Date() });
  t.same(await store.shipments.claimDue('c', { owner: 'a', now: at(1), limit: 5, leaseMs: LEASE }), [], 'busy shipment skipped');
  // It never finishes: once its marker is stale, writers step over it.
  const started = Date.now();
  const claim = await store.shipments.claimOne('c', 'W', { owner: 'a', now: at(1), leaseMs: LEASE });
  t.ok(claim, 'claimed after the marker went stale');
  t.ok(Date.now() - started >= 300, 'waited for the marker to go stale');
  t.match(await applyCheck(store, reg!.id, claim!.lease, step('in_transit', 1), at(1), [hook(reg!.id, 0)]), { written: true });
  t.equal((await store.shipments.history(reg!.id)).length, 2);
  t.equal(await markers.countDocuments({}), 0, 'markers cleaned up, the dead one included');
  const doc = await db.collection<ShipmentDoc>('shipments').findOne({ _id: reg!.id });
  t.equal(doc?.seq, 4, 'version 1 was skipped: claim (2), check (3), outbox move (4)');
});

t.test('outbox entries written with a transition survive a crash before they reached the outbox', async (t) => {
  const store = await open(t);
  const db = await raw(t, store);
  const [reg] = await store.shipments.register([{ courier: 'c', trackingNumber: 'O' }], T0);
  // The state a crash right after the shipment write leaves: the entry only inside the shipment.
  const entry = { id: 'e1', effect: 'hook', dedupKey: 'hook:O:1', payload: JSON.stringify({ n: 1 }), queuedAt: at(1) };
  await db.collection<ShipmentDoc>('shipments').updateOne({ _id: reg!.id }, { $set: { outboxPending: [entry] } });
  t.same(await store.outbox.counts(), { pending: 1, delivered: 0, dead: 0 }, 'moved by the next sweep');
  t.same((await db.collection<ShipmentDoc>('shipments').findOne({ _id: reg!.id }))?.outboxPending, [], 'and removed from the shipment');
  // Crash after the copy but before the removal: the second copy is a no-op.
  await db.collection<ShipmentDoc>('shipments').updateOne({ _id: reg!.id }, { $set: { outboxPending: [entry] } });
  const [message] = await store.outbox.claim({ owner: 'a', now: at(2), limit: 10, leaseMs: LEASE });
  t.match(message, { dedupKey: 'hook:O:1', payload: { n: 1 }, createdAt: at(1).toISOString() });
  t.same(await store.outbox.counts(), { pending: 1, delivered: 0, dead: 0 }, 'delivered once');
});

t.test('metadata and payloads with any keys round-trip', async (t) => {
  const store = await open(t);
  const metadata = { 'note.attributes': [{ $key: 'gift', value: null }], nested: { a: 1.5 } };
  await store.shipments.register([{ courier: 'c', trackingNumber: 'K', metadata }], T0);
  t.same((await store.shipments.get('c', 'K'))?.metadata, metadata);
  await store.outbox.enqueue([{ effect: 'e', dedupKey: 'k', payload: { 'a.b': { $c: true } } }], T0);
  const [message] = await store.outbox.claim({ owner: 'a', now: T0, limit: 1, leaseMs: LEASE });
  t.same(message?.payload, { 'a.b': { $c: true } });
});
