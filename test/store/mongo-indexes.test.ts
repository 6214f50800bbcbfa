import { randomBytes } from 'node:crypto';
import type { Document } from 'mongodb';
import t from 'tap';
import { COLLECTIONS, INDEXES } from '../../core/store/mongo/collections.js';
import { MongoStore } from '../../core/store/mongo/store.js';
import { startFerretDB } from '../helpers/ferretdb.js';
import { applyCheck } from './writes.js';

/**
 * FerretDB v1 (SQLite backend) pushes no filter down, so its `explain` is a scan whatever the indexes: the
 * plans cannot be read from it. What can be checked is the store's real traffic: every query it sends on a
 * run, a lookup and the outbox, recorded from the driver, must be one a MongoDB index serves: its first
 * key is one of the query's equality or range fields (no collection scan), and a sort is read off the index
 * right after equality fields (no in-memory sort of everything that matches).
 */
type IndexKeys = [string, number][];

const INDEXES_BY_COLLECTION = new Map<string, IndexKeys[]>(
  (Object.keys(COLLECTIONS) as (keyof typeof COLLECTIONS)[]).map((k) => [COLLECTIONS[k], INDEXES[k].map((i) => Object.entries(i.key as Record<string, number>))]),
);

const OPERATORS_OF_RANGE = ['$lt', '$lte', '$gt', '$gte'];

/** The fields a filter pins to one value (or a few) and the fields it bounds; `_id`, `$or` and `$nin` are left to the residual filter. */
function shapeOf(filter: Document): { equality: Set<string>; range: Set<string> } {
  const equality = new Set<string>();
  const range = new Set<string>();
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$')) continue;
    const operators = value !== null && typeof value === 'object' && !(value instanceof Date) ? Object.keys(value as object) : [];
    if (operators.length === 0 || operators.includes('$eq') || operators.includes('$in')) equality.add(field);
    else if (operators.some((o) => OPERATORS_OF_RANGE.includes(o))) range.add(field);
  }
  return { equality, range };
}

function served(keys: IndexKeys, filter: Document, sort: [string, number][]): boolean {
  // A filter that is only an $or is served when each branch is (MongoDB plans each branch on its own).
  const branches = Object.keys(filter).length === 1 && Array.isArray(filter.$or) ? (filter.$or as Document[]) : null;
  if (branches) return sort.length === 0 && branches.every((b) => served(keys, b, sort));
  const { equality, range } = shapeOf(filter);
  if (!equality.has(keys[0]![0]) && !range.has(keys[0]![0])) return false;
  if (sort.length === 0) return true;
  for (let p = 0; p <= keys.length - sort.length; p++) {
    if (!keys.slice(0, p).every(([k]) => equality.has(k))) break;
    const run = keys.slice(p, p + sort.length);
    const same = run.every(([k, d], i) => k === sort[i]![0] && d === sort[i]![1]);
    const reversed = run.every(([k, d], i) => k === sort[i]![0] && d === -sort[i]![1]);
    if (same || reversed) return true;
  }
  return false;
}

/** The query part of a command: find's filter and sort, a count's $match, an update's or delete's selector. */
function queriesOf(name: string, command: Document): { collection: string; filter: Document; sort: [string, number][] }[] {
  const collection = String(command[name]);
  // The driver sends a sort as a Map (its keys in order).
  const sort = (command.sort instanceof Map ? [...command.sort.entries()] : Object.entries(command.sort ?? {})) as [string, number][];
  if (name === 'find') return [{ collection, filter: command.filter ?? {}, sort }];
  if (name === 'aggregate') {
    const match = (command.pipeline as Document[]).find((stage) => '$match' in stage)?.$match;
    return match ? [{ collection, filter: match, sort: [] }] : [];
  }
  if (name === 'update') return (command.updates as Document[]).map((u) => ({ collection, filter: u.q, sort: [] }));
  if (name === 'delete') return (command.deletes as Document[]).map((d) => ({ collection, filter: d.q, sort: [] }));
  return [];
}

t.test("every query the MongoDB store sends on a run, a lookup and the outbox is served by one of its indexes", async (t) => {
  const server = await startFerretDB();
  t.teardown(() => server.stop());
  const commands: { commandName: string; command: Document }[] = [];
  const store = new MongoStore(`${server.uri}waybill_${randomBytes(6).toString('hex')}`, { commandMonitor: (c) => commands.push(c) });
  await store.init();
  t.teardown(() => store.close());
  commands.length = 0;

  const now = new Date('2026-05-01T10:00:00.000Z');
  const later = new Date(now.getTime() + 60_000);
  await store.shipments.register([{ courier: 'c', trackingNumber: 'A', orderId: 'O1' }, { courier: 'c', trackingNumber: 'B', orderId: 'O1' }], now);
  await store.shipments.countDue('c', later);
  await store.shipments.expireStale('c', now, later);
  const claims = await store.shipments.claimDue('c', { owner: 'w', now: later, limit: 10, leaseMs: 60_000 });
  const check = { checkedAt: later, nextCheckAt: later, consecutiveFailures: 0, lastError: null, active: true, inactiveReason: null, events: [{ at: now.toISOString(), status: 'MOVING', canonicalStatus: 'in_transit' as const, substatus: null }], transition: { status: 'in_transit' as const, substatus: null, rawStatus: 'MOVING', at: now } };
  for (const claim of claims) await applyCheck(store, claim.shipment.id, claim.lease, check, later, [{ effect: 'e', dedupKey: `e:${claim.shipment.id}`, orderKey: claim.shipment.id, payload: {} }]);
  await store.shipments.releaseLeases(claims.map((c) => ({ shipmentId: c.shipment.id, lease: c.lease })));
  await store.shipments.claimOne('c', 'A', { owner: 'w', now: later, leaseMs: 60_000 });
  const a = (await store.shipments.get('c', 'A'))!;
  await store.shipments.events(a.id);
  await store.shipments.history(a.id);
  await store.shipments.listByOrder('O1');
  await store.shipments.pageByOrder('O1', { limit: 1, offset: 1 });
  const messages = await store.outbox.claim({ owner: 'd', now: later, limit: 10, leaseMs: 60_000 });
  for (const m of messages) await store.outbox.complete(m.id, m.lease, later);
  await store.apiCalls.log([{ courier: 'c', runId: 'r1', method: 'POST', path: '/track', status: 200, durationMs: 5, error: null, at: later }]);
  await store.apiCalls.count('c', now);
  await store.apiCalls.forRun('r1');
  const run = await store.runs.create({ courier: 'c', trigger: 'manual', state: 'running', owner: 'w', startedAt: later });
  await store.runs.list({ courier: 'c', limit: 5 });
  await store.runs.get(run.id);
  await store.runs.heartbeat(run.id, later);
  await store.runs.abandonStale({ cutoff: new Date(later.getTime() + 60_000), now: new Date(later.getTime() + 120_000), exceptOwner: 'other' });

  const queries = commands.flatMap(({ commandName, command }) => queriesOf(commandName, command));
  t.ok(queries.some((q) => q.collection === 'shipments' && q.sort.length > 0), 'the claim queries were seen');
  for (const q of queries) {
    // `_id` has its own unique index on every collection.
    const byId = shapeOf(q.filter).equality.has('_id') && q.sort.length === 0;
    const keys = INDEXES_BY_COLLECTION.get(q.collection) ?? [];
    const ok = byId || keys.some((k) => served(k, q.filter, q.sort));
    t.ok(ok, `${q.collection}: ${JSON.stringify(q.filter)} sort ${JSON.stringify(q.sort)} is served by an index`);
  }
});
