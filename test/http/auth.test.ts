import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { buildApp, loggerOptions, REDACTED_PATHS } from '../../core/app.js';
import { ManualClock } from '../../core/clock.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import { startTestApp } from '../helpers/app.js';
import { SANDBOX_SECRET, startSandboxApp } from '../helpers/sandbox.js';

const KEY = 'k'.repeat(20);
const OTHER = 'second-key-0123456789';

t.test('with API keys every route but /health needs a valid bearer key', async (t) => {
  const { app } = await startTestApp(t, { couriers: [sandbox], env: { WAYBILL_API_KEYS: `${KEY}, ${OTHER}` } });
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
});

/** `{a: {b: value}}` for the path `a.b`; a `*` segment becomes a key of our choosing. */
function objectAt(path: string, value: string): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, segment) => ({ [segment === '*' ? 'nested' : segment]: inner }), value) as Record<string, unknown>;
}

t.test("the service's logger redacts API keys, courier credentials, tokens and configuration", async (t) => {
  const SECRET = 'courier-secret-0123456789';
  const lines: string[] = [];
  const config = loadConfig({
    WAYBILL_STORE: 'sqlite::memory:',
    WAYBILL_API_KEYS: KEY,
    WAYBILL_COURIER_SANDBOX_CLIENT_ID: 'sandbox-client',
    WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: SECRET,
  });
  const app = await buildApp({ config, couriers: [sandbox], schedule: false, logger: { ...loggerOptions('debug'), stream: { write: (line: string) => void lines.push(line) } } });
  t.teardown(() => app.close());
  app.get('/log-my-headers', async (request) => {
    request.log.info({ headers: request.headers }, 'request headers');
    return {};
  });
  await app.ready();
  t.equal((await app.inject({ method: 'GET', url: '/log-my-headers', headers: { authorization: `Bearer ${KEY}` } })).statusCode, 200);
  app.log.info({ courier: 'sandbox', headers: { Authorization: `Token ${SECRET}` } }, 'courier request headers');
  app.log.info({ courier: 'sandbox', credentials: { client_id: 'sandbox-client', client_secret: SECRET } }, 'courier credentials');
  app.log.child({ courier: 'sandbox' }).info({ token: SECRET, response: { access_token: SECRET } }, 'courier token');
  app.log.info({ config: { ...config, store: `mongodb://waybill:${SECRET}@db:27017/waybill` } }, 'configuration');
  for (const path of REDACTED_PATHS) app.log.info(objectAt(path, SECRET), `path ${path}`);

  const logged = (msg: string) => lines.find((line) => (JSON.parse(line) as { msg?: string }).msg === msg) ?? '';
  const messages = ['request headers', 'courier request headers', 'courier credentials', 'courier token', 'configuration', ...REDACTED_PATHS.map((p) => `path ${p}`)];
  for (const msg of messages) t.match(logged(msg), '[redacted]', `${msg}: redacted`);
  t.notMatch(lines.join('\n'), KEY, 'no API key in any log line');
  t.notMatch(lines.join('\n'), SECRET, 'no courier secret in any log line');
});

t.test('a courier answer that echoes a credential is logged without it', async (t) => {
  const { sim, logs, register, run } = await startSandboxApp(t, { clock: new ManualClock('2026-05-01T10:00:00.000Z') });
  await register('SBX-DELIVERED-1');
  sim.server.injectFault({ kind: 'status', status: 400, body: JSON.stringify({ error: `invalid_client sandbox-client/${SANDBOX_SECRET}` }) }, { match: (r) => r.path === '/oauth/token' });
  const failed = await run();
  t.match(failed, { state: 'failed', error: /answered 400.*\[redacted\]/ });
  const runLog = logs.find((line) => line.includes('run of sandbox failed')) ?? '';
  t.match(runLog, /answered 400.*\[redacted\]/, 'the courier error is logged');
  t.notMatch(logs.join('\n'), SANDBOX_SECRET, 'without the credential it echoed');
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
