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
