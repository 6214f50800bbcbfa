import t from 'tap';
import { startSandboxApp } from '../helpers/sandbox.js';

const API_KEY = 'a-health-test-key-1234';

t.test('live and ready answer without an API key; with the store closed ready is 503 and live still 200', async (t) => {
  const { app } = await startSandboxApp(t, { env: { WAYBILL_API_KEYS: API_KEY } });
  t.equal((await app.inject({ url: '/v1/couriers' })).statusCode, 401, 'the API itself is locked');
  const live = await app.inject({ url: '/health/live' });
  t.equal(live.statusCode, 200);
  t.match(live.json(), { status: 'ok', uptimeSeconds: Number });
  const ready = await app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ok', store: 'sqlite' });

  await app.waybill.store.close();
  const down = await app.inject({ url: '/health/ready' });
  t.equal(down.statusCode, 503);
  t.match(down.json(), { status: 'unavailable', store: 'sqlite', error: /not open/ });
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'live never asks the store');
  t.equal((await app.inject({ url: '/health' })).statusCode, 503, '/health still checks the store as before');
});

t.test('the probes are documented with an operationId and a description, and need no key', async (t) => {
  const { app } = await startSandboxApp(t);
  const paths = (await app.inject({ url: '/docs/json' })).json().paths;
  for (const [path, operationId] of [
    ['/health/live', 'getHealthLive'],
    ['/health/ready', 'getHealthReady'],
  ] as const) {
    t.match(paths[path].get, { operationId, description: String, security: [] }, path);
  }
  t.ok(paths['/health/ready'].get.responses['503'], 'ready documents its 503');
});
