import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { buildApp } from '../../core/app.js';
import { ManualClock } from '../../core/clock.js';
import { SqliteStore } from '../../core/store/sqlite/store.js';
import { emptyCounts } from '../../core/store/types.js';
import { tempDir } from '../helpers/app.js';

const DAY = 86_400_000;

t.test('WAYBILL_RETENTION_DAYS: 30 by default, a whole number of days ≥ 1, errors naming the variable', async (t) => {
  t.equal(loadConfig({}).retentionDays, 30);
  t.equal(loadConfig({ WAYBILL_RETENTION_DAYS: '7' }).retentionDays, 7);
  t.throws(() => loadConfig({ WAYBILL_RETENTION_DAYS: '0' }), /WAYBILL_RETENTION_DAYS: expected an integer ≥ 1, got "0"/);
  t.throws(() => loadConfig({ WAYBILL_RETENTION_DAYS: 'a week' }), /WAYBILL_RETENTION_DAYS/);
});

t.test('the scheduler prunes at start (and hourly after) what is older than the configured days', async (t) => {
  const clock = new ManualClock('2026-03-01T00:00:00.000Z');
  const store = new SqliteStore(join(tempDir(t), 'retention.db'));
  await store.init();
  const runAt = async (startedAt: Date) => {
    const run = await store.runs.create({ courier: 'c', trigger: 'manual', state: 'running', owner: 'gone', startedAt });
    await store.runs.finish(run.id, { state: 'succeeded', finishedAt: startedAt, counts: emptyCounts() });
    return run.id;
  };
  const old = await runAt(clock.now());
  const recent = await runAt(new Date(clock.now().getTime() + 5 * DAY));
  clock.advance(10 * DAY);

  const config = loadConfig({ WAYBILL_STORE: 'sqlite::memory:', WAYBILL_RETENTION_DAYS: '7', WAYBILL_SANDBOX: 'off' });
  const app = await buildApp({ config, couriers: [], store, clock, logger: false });
  t.teardown(() => app.close());
  await app.ready();
  t.ok(app.scheduler.existsById('retention'), 'a scheduled job');
  for (let i = 0; i < 100 && (await store.runs.get(old)) !== null; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(await store.runs.get(old), null, 'the run finished 10 days ago is gone at start');
  t.ok(await store.runs.get(recent), 'the one finished 5 days ago stays');
});
