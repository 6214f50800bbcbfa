import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { buildApp } from '../../core/app.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import { startTestApp } from '../helpers/app.js';

const KEY = 'k'.repeat(20);
const OTHER = 'second-key-0123456789';

t.test('with API keys every route but /health needs a valid bearer key', async (t) => {
  const { app, logs } = await startTestApp(t, { couriers: [sandbox], env: { WAYBILL_API_KEYS: `${KEY}, ${OTHER}` } });
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  const none = await app.inject({ method: 'GET', url: '/v1/couriers' });
  t.equal(none.statusCode, 401);
  t.match(none.json().message, /missing Authorization: Bearer/);
  t.equal(none.headers['www-authenticate'], 'Bearer');
  const wrong = await app.inject({ method: 'GET', url: '/v1/couriers', headers: { authorization: 'Bearer nope-nope-nope-nope' } });
  t.match(wrong.json(), { statusCode: 401, message: 'the API key is not valid' });
  for (const key of [KEY, OTHER]) {
    t.equal((await app.inject({ method: 'GET', url: '/v1/couriers', headers: { authorization: `Bearer ${key}` } })).statusCode, 200);
  }
  t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401, 'metrics are protected too');
  t.equal((await app.inject({ method: 'POST', url: '/v1/shipments', payload: {} })).statusCode, 401, 'auth is checked before the body');
  t.notMatch(logs.join('\n'), new RegExp(KEY), 'keys never reach the log');
});

t.test('without keys the service runs open only on a loopback address', async (t) => {
  for (const host of ['127.0.0.1', 'localhost', '::1']) {
    const config = loadConfig({ HOST: host, WAYBILL_STORE: 'sqlite::memory:' });
    const app = await buildApp({ config, couriers: [], schedule: false, logger: false });
    await app.ready();
    t.equal((await app.inject({ method: 'GET', url: '/v1/couriers' })).statusCode, 200, `open on ${host}`);
    await app.close();
  }
  const config = loadConfig({ HOST: '0.0.0.0', WAYBILL_STORE: 'sqlite::memory:' });
  await t.rejects(
    (async () => {
      const app = await buildApp({ config, couriers: [], schedule: false, logger: false });
      await app.ready();
    })(),
    /WAYBILL_API_KEYS is empty and HOST=0.0.0.0 is not a loopback address/,
  );
  t.throws(() => loadConfig({ WAYBILL_API_KEYS: 'short' }), /WAYBILL_API_KEYS: key #1 is shorter than 16 characters/);
});
