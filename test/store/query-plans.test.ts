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
