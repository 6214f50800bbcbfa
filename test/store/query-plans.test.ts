import Database from 'better-sqlite3';
import { join } from 'node:path';
import t from 'tap';
import { HOT_QUERIES } from '../../core/store/sqlite/hot-queries.js';
import { SqliteStore } from '../../core/store/sqlite/store.js';
import { tempDir } from '../helpers/app.js';

/** A parameter of the right kind for each `?` (plans do not depend on the values). */
const params = (sql: string) => Array.from(sql.matchAll(/\?/g), () => 'x');

t.test('every hot SQLite query is answered from an index: no full scan, no sort of all due rows', async (t) => {
  const path = join(tempDir(t), 'plans.db');
  const store = new SqliteStore(path);
  await store.init();
  t.teardown(() => store.close());
  const db = new Database(path, { readonly: true });
  t.teardown(() => db.close());
  // Plans are read on a realistic shape: statistics say shipments are many, so SQLite does not prefer a scan.
  for (const [name, sql] of Object.entries(HOT_QUERIES)) {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params(sql)) as { detail: string }[]).map((row) => row.detail);
    const scans = plan.filter((step) => /^SCAN (shipments|events|history|outbox|api_calls|o|e)\b/.test(step) && !/COVERING INDEX|USING INDEX/.test(step));
    t.same(scans, [], `${name}: no full scan (${plan.join('; ')})`);
    if (name === 'claimDue' || name === 'outboxClaim') t.notOk(plan.some((step) => step.includes('TEMP B-TREE')), `${name}: the index gives the order, nothing is sorted (${plan.join('; ')})`);
  }
});

t.test('the shipment lists SLA rules (on a schedule) and bulk refresh read are answered from an index', async (t) => {
  const path = join(tempDir(t), 'lists.db');
  const store = new SqliteStore(path);
  await store.init();
  t.teardown(() => store.close());
  // The lists' SQL is built from the filter: it is taken from the store as it prepares it.
  const sources: string[] = [];
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    sources.push(source);
    return prepare.call(this, source);
  } as typeof prepare;
  t.teardown(() => {
    Database.prototype.prepare = prepare;
  });
  const page = { limit: 500, offset: 0 };
  const lists = {
    slaRule: { courier: 'sandbox', status: 'in_transit', active: true },
    slaFailing: { courier: 'sandbox', active: true, failures: { atLeast: 1 } },
    byOrders: { orderIds: ['order-1'], active: true },
    byNumbers: { courier: 'sandbox', trackingNumbers: ['SBX-1'], active: true },
  } as const;
  const db = new Database(path, { readonly: true });
  t.teardown(() => db.close());
  for (const [name, filter] of Object.entries(lists)) {
    sources.length = 0;
    await store.shipments.list(filter, page);
    const taken = sources.splice(0);
    const params = { courier: 'x', status: 'x', active: 1, failures: 1, orderIds: '["x"]', trackingNumbers: '["x"]', limit: 1, offset: 0 };
    for (const sql of taken) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail);
      t.same(plan.filter((step) => /^SCAN (shipments|s)\b/.test(step) && !/COVERING INDEX|USING INDEX/.test(step)), [], `${name}: no full scan (${plan.join('; ')})`);
      if (name === 'byNumbers') t.ok(plan.some((step) => step.includes('(courier=? AND tracking_number=?)')), `${name}: each number is looked up in the key (${plan.join('; ')})`);
    }
    t.equal(taken.length, 2, `${name}: its count and its page`);
  }
});
