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

t.test('and deliveries made at the sandbox arrive by signed webhook once the service listens', async (t) => {
  const env = { WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}`, WAYBILL_COURIER_SANDBOX_PUSH_EVERY_MS: '100' };
  const { app } = await buildAppFromEnv(env, { logger: false, schedule: false });
  t.teardown(() => app.close());
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  let pushed: { status: string; driver: unknown; history: { status: string }[] } | undefined;
  for (let i = 0; i < 100 && pushed?.status !== 'picked_up'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`${address}/v1/shipments/sandbox/SBX-PUSH-001`);
    if (res.status === 200) pushed = (await res.json()) as typeof pushed;
  }
  t.match(pushed, { status: 'picked_up', orderId: 'push-order-1', driver: { name: 'Asha K.', location: { lat: Number } } }, 'registered by its webhook, moving, with its driver');
  t.same(pushed!.history.map((h) => h.status).slice(0, 3), ['info_received', 'driver_assigned', 'picked_up']);
});

t.test('with a real courier configured, the sandbox keeps its own configuration and starts nothing', async (t) => {
  const env = { WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}`, WAYBILL_COURIER_SHIPROCKET_EMAIL: 'e', WAYBILL_COURIER_SHIPROCKET_PASSWORD: 'p' };
  const { app } = await buildAppFromEnv(env, { logger: false, schedule: false });
  t.teardown(() => app.close());
  await app.ready();
  t.match(app.waybill.registry.get('sandbox'), { runtime: null, webhook: null, disabledReason: /missing credentials: WAYBILL_COURIER_SANDBOX_WEBHOOK_SECRET, WAYBILL_COURIER_SANDBOX_CLIENT_ID/ });
});
