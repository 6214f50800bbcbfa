import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { loadConfig } from '../../config/load.js';
import { buildApp } from '../../core/app.js';
import { buildAppFromEnv } from '../../core/app-from-env.js';
import { defineCourier } from '../../core/courier/plugin.js';
import { SimServer } from '../../core/testing/sim-server.js';
import { SqliteStore } from '../../core/store/sqlite/store.js';
import { tempDir } from '../helpers/app.js';

async function waitFor(what: string, done: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const started = Date.now(); !(await done()); await sleep(50)) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
  }
}

t.test('a fresh clone (nothing configured, nothing registered) starts no run of delhivery-fallback, which needs no credentials', async (t) => {
  const { app } = await buildAppFromEnv({ WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}` }, { logger: false });
  t.teardown(() => app.close());
  await app.ready();
  t.ok(app.waybill.registry.get('delhivery-fallback')?.runtime, 'it is enabled (it needs nothing to be)');
  const runs = (courier: string) => app.waybill.store.runs.list({ courier, limit: 10 });
  await waitFor('the sandbox run at start', async () => (await runs('sandbox')).some((r) => r.finishedAt !== null));
  t.same(await runs('delhivery-fallback'), [], 'no run of it at start');
});

/** A courier that needs no credentials, against a local server that counts its requests. */
async function keyless(t: Test) {
  const sim = await SimServer.start(() => ({ json: { status: 'moving' } }));
  t.teardown(() => sim.close());
  const plugin = defineCourier(
    {
      name: 'keyless',
      displayName: 'Keyless',
      batchSize: 1,
      quota: { requests: 100, windowSeconds: 1 },
      concurrency: 1,
      schedule: { cron: '0 0 1 1 *', runOnStart: true, maxPerRun: 10 },
      auth: { kind: 'none' },
      endpoints: { baseUrl: sim.url },
      statuses: [{ status: 'moving', to: 'in_transit' }],
    },
    {
      async track(batch, { http }) {
        const res = await http.get<{ status: string }>(`/track/${batch[0]!.trackingNumber}`);
        return [{ trackingNumber: batch[0]!.trackingNumber, found: true, status: res.body.status, events: [] }];
      },
    },
  );
  const start = async (env: Record<string, string>, registered: string[] = []) => {
    const path = join(tempDir(t), 'waybill.db');
    const seed = new SqliteStore(path);
    await seed.init();
    await seed.shipments.register(registered.map((trackingNumber) => ({ courier: 'keyless', trackingNumber })), new Date());
    await seed.close();
    const app = await buildApp({ config: loadConfig({ WAYBILL_STORE: `sqlite:${path}`, ...env }), couriers: [plugin], logger: false });
    t.teardown(() => app.close());
    await app.ready();
    return app;
  };
  return { sim, start };
}

t.test('a courier that needs no credentials runs at start once it has shipments due, or once the operator names it', async (t) => {
  const { sim, start } = await keyless(t);

  const idle = await start({});
  await sleep(300);
  t.same(await idle.waybill.store.runs.list({ courier: 'keyless', limit: 10 }), [], 'nothing configured, nothing registered: no run');
  t.equal(sim.requests.length, 0, 'and no request');

  const due = await start({}, ['K1']);
  await waitFor('the run at start', async () => (await due.waybill.store.runs.list({ courier: 'keyless', limit: 10 })).some((r) => r.finishedAt !== null));
  t.match(await due.waybill.store.runs.list({ courier: 'keyless', limit: 10 }), [{ trigger: 'start', state: 'succeeded', counts: { claimed: 1, updated: 1 } }], 'a registered, due shipment: it runs');

  const named = await start({ WAYBILL_COURIER_KEYLESS_MAX_PER_RUN: '5' });
  await waitFor('the run at start', async () => (await named.waybill.store.runs.list({ courier: 'keyless', limit: 10 })).some((r) => r.finishedAt !== null));
  t.match(await named.waybill.store.runs.list({ courier: 'keyless', limit: 10 }), [{ trigger: 'start', state: 'succeeded' }], 'named by a variable: it runs as configured');
});
