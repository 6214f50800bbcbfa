import { join } from 'node:path';
import t from 'tap';
import { SqliteStore } from '../../core/store/sqlite/store.js';
import { tempDir } from '../helpers/app.js';
import { runCheckLogContract } from './check-log-contract.js';
import { runStoreContract } from './contract.js';
import { runRetentionContract } from './retention-contract.js';

const openSqlite = async () => {
  const store = new SqliteStore(join(tempDir(t), 'contract.db'));
  await store.init();
  return store;
};
runStoreContract(t, openSqlite);
runRetentionContract(t, openSqlite);
runCheckLogContract(t, openSqlite);

t.test('the SQLite file survives a reopen with its data and schema version', async (t) => {
  const path = join(tempDir(t), 'reopen.db');
  const first = new SqliteStore(path);
  await first.init();
  await first.shipments.register([{ courier: 'c', trackingNumber: 'P1' }], new Date('2026-01-01T00:00:00Z'));
  await first.close();
  const second = new SqliteStore(path);
  await second.init();
  t.teardown(() => second.close());
  t.equal((await second.shipments.get('c', 'P1'))?.trackingNumber, 'P1');
});

t.test("a batch's checks and their audit rows are one transaction: when the rows cannot be written, neither are the checks", async (t) => {
  const store = await openSqlite();
  t.teardown(() => store.close());
  const now = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-01-01T00:01:00Z');
  await store.shipments.register([{ courier: 'c', trackingNumber: 'T1' }], now);
  const [claim] = await store.shipments.claimDue('c', { owner: 'a', now, limit: 1, leaseMs: 60_000 });
  const before = await store.shipments.get('c', 'T1');
  const failing = store.shipments.updateMany(
    [{ shipmentId: claim!.shipment.id, guard: { lease: claim!.lease, now: later }, decide: (s) => ({ next: { ...s, status: 'in_transit' as const, lastCheckedAt: later.toISOString() }, history: [], events: [], outbox: [], lease: 'release' as const }) }],
    () => {
      throw new Error('the audit rows could not be made');
    },
  );
  await t.rejects(failing, /the audit rows could not be made/);
  t.same(await store.shipments.get('c', 'T1'), before, 'the check was rolled back with its rows');
  t.equal((await store.checks.list({}, { limit: 10, offset: 0 })).total, 0);
});
