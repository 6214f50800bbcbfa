import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { buildAppFromEnv } from '../../core/app-from-env.js';
import { discoverPlugins } from '../../core/plugins/discover.js';
import { configuredCouriers, localCouriersWanted } from '../../core/plugins/local-couriers.js';
import { tempDir } from '../helpers/app.js';

const { couriers } = await discoverPlugins();

t.test('WAYBILL_SANDBOX=auto starts local simulators until the operator configures a real courier', async (t) => {
  t.ok(couriers.some((c) => c.declaration.name === 'delhivery-fallback' && c.declaration.credentials?.length === 0), 'a discovered courier needs no credentials');
  t.same(couriers.filter((c) => c.localSimulator).map((c) => c.declaration.name), ['sandbox'], 'the sandbox brings a local simulator');
  const wanted = (env: Record<string, string>) => localCouriersWanted(loadConfig(env), couriers);

  t.same(configuredCouriers(loadConfig({}), couriers), [], 'a fresh clone has no courier configured');
  t.equal(wanted({}), true, 'empty environment: sandbox');
  t.equal(wanted({ WAYBILL_COURIER_SHIPROCKET_EMAIL: 'ops@shop.example', WAYBILL_COURIER_SHIPROCKET_PASSWORD: 'pw' }), false, 'Shiprocket credentials');
  t.equal(wanted({ WAYBILL_COURIER_SHIPROCKET_BASE_URL: 'http://127.0.0.1:1/' }), true, 'a courier missing its credentials is not configured');
  t.equal(wanted({ WAYBILL_COURIER_DELHIVERY_FALLBACK_ENABLED: 'true' }), false, 'a variable names a courier without credentials');
  t.equal(wanted({ WAYBILL_COURIER_DELHIVERY_FALLBACK_ENABLED: 'false' }), true, 'a courier turned off is not configured');

  const file = join(tempDir(t), 'waybill.json');
  writeFileSync(file, JSON.stringify({ couriers: { 'delhivery-fallback': { max_per_run: 50 } } }));
  t.same(configuredCouriers(loadConfig({ WAYBILL_CONFIG: file }), couriers), ['delhivery-fallback'], 'a config-file entry names it too');
  t.equal(wanted({ WAYBILL_SANDBOX: 'on', WAYBILL_COURIER_SHIPROCKET_EMAIL: 'e', WAYBILL_COURIER_SHIPROCKET_PASSWORD: 'p' }), true, 'on: always');
  t.equal(wanted({ WAYBILL_SANDBOX: 'off' }), false, 'off: never');
});

t.test('started as `npm start` does on a fresh clone, the sandbox plugin serves its simulator and tracks against it', async (t) => {
  const env = { WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}` };
  const { app } = await buildAppFromEnv(env, { logger: false, schedule: false });
  t.teardown(() => app.close());
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const courier = await (await fetch(`${address}/v1/couriers/sandbox`)).json();
  t.match(courier, { name: 'sandbox', enabled: true, baseUrl: /^http:\/\/127\.0\.0\.1:\d+/ });
  const registered = await fetch(`${address}/v1/shipments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' }),
  });
  t.equal(registered.status, 201);
  const live = await (await fetch(`${address}/v1/shipments/sandbox/SBX-DELIVERED-1?refresh=true`)).json();
  t.match(live, { source: 'live', status: 'info_received', rawStatus: 'LABEL_CREATED' }, 'the local simulator answered with its credentials');
  await app.close();
  await t.rejects(fetch(courier.baseUrl), 'the simulator closes with the app');
});

t.test('with a real courier configured, the sandbox keeps its own configuration and starts nothing', async (t) => {
  const env = { WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}`, WAYBILL_COURIER_SHIPROCKET_EMAIL: 'e', WAYBILL_COURIER_SHIPROCKET_PASSWORD: 'p' };
  const { app } = await buildAppFromEnv(env, { logger: false, schedule: false });
  t.teardown(() => app.close());
  await app.ready();
  t.match(app.waybill.registry.get('sandbox'), { runtime: null, disabledReason: /missing credentials: WAYBILL_COURIER_SANDBOX_CLIENT_ID/ });
});
