import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { buildApp } from '../../core/app.js';
import { discoverCouriers } from '../../core/courier/discover.js';
import { configuredCouriers, sandboxWanted, startSandboxIfWanted } from '../../core/sandbox.js';
import { tempDir } from '../helpers/app.js';

const couriers = await discoverCouriers();

t.test('WAYBILL_SANDBOX=auto wants the sandbox until the operator configures a real courier', async (t) => {
  t.ok(couriers.some((c) => c.declaration.name === 'delhivery-fallback' && c.declaration.credentials?.length === 0), 'a discovered courier needs no credentials');
  const wanted = (env: Record<string, string>) => sandboxWanted(loadConfig(env), couriers);

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

t.test('started as `npm start` does on a fresh clone, the sandbox courier is enabled and served over HTTP', async (t) => {
  const env = { WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}` };
  const { config, simulator } = await startSandboxIfWanted(loadConfig(env), couriers);
  t.ok(simulator, 'the simulator started');
  const app = await buildApp({ config, couriers, logger: false });
  t.teardown(async () => {
    await app.close();
    await simulator?.close();
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const response = await fetch(`${address}/v1/couriers/sandbox`);
  t.equal(response.status, 200);
  t.match(await response.json(), { name: 'sandbox', enabled: true });
});
