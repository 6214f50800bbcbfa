import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { resolveCourier } from '../../core/courier/options.js';
import { sandboxDeclaration } from '../../plugins/couriers/sandbox/declaration.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import { startTestApp, tempDir } from '../helpers/app.js';

t.test('defaults, environment over file, and errors naming the variable', async (t) => {
  const config = loadConfig({});
  t.match(config, { port: 3000, host: '127.0.0.1', store: 'sqlite:./data/waybill.db', apiKeys: [], sandbox: 'auto', leaseSeconds: 60 });
  const dir = tempDir(t);
  const file = join(dir, 'waybill.json');
  writeFileSync(file, JSON.stringify({ port: 4000, host: '127.0.0.2', couriers: { sandbox: { batch_size: 7 } } }));
  const merged = loadConfig({ WAYBILL_CONFIG: file, PORT: '5000' });
  t.match(merged, { port: 5000, host: '127.0.0.2', couriers: { sandbox: { batch_size: '7' } } });
  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT: expected an integer ≥ 0, got "eighty"/);
  t.throws(() => loadConfig({ PORT: '70000' }), /PORT \(port\)/);
  t.throws(() => loadConfig({ WAYBILL_LOG_LEVEL: 'loud' }), /WAYBILL_LOG_LEVEL \(logLevel\)/);
  t.throws(() => loadConfig({ WAYBILL_SANDBOX: 'maybe' }), /WAYBILL_SANDBOX \(sandbox\)/);
  t.throws(() => loadConfig({ WAYBILL_CONFIG: join(dir, 'missing.json') }), /WAYBILL_CONFIG: cannot read/);
  writeFileSync(join(dir, 'bad.json'), '{ not json');
  t.throws(() => loadConfig({ WAYBILL_CONFIG: join(dir, 'bad.json') }), /WAYBILL_CONFIG: .* is not a JSON object/);
});

t.test('a bad value from the config file is named by the file and its key, not by a variable', async (t) => {
  const file = join(tempDir(t), 'waybill.json');
  const messageOf = (env: Record<string, string>) => (t.throws(() => loadConfig(env)) as Error).message;
  writeFileSync(file, JSON.stringify({ port: 70000, logLevel: 'loud', apiKeys: ['short'] }));
  const message = messageOf({ WAYBILL_CONFIG: file });
  for (const key of ['port', 'logLevel', 'apiKeys.0']) t.ok(message.includes(`config file "${file}" key ${key} `), `names ${key} in the file: ${message}`);
  t.notMatch(message, /PORT|WAYBILL_LOG_LEVEL|WAYBILL_API_KEYS/);
  t.match(messageOf({ WAYBILL_CONFIG: file, PORT: '70001', WAYBILL_LOG_LEVEL: 'info', WAYBILL_API_KEYS: 'k'.repeat(16) }), /^configuration: PORT \(port\) /, 'a variable set over the file is named as the variable');
  writeFileSync(file, JSON.stringify({ couriers: { sandbox: 7 } }));
  t.equal(messageOf({ WAYBILL_CONFIG: file }), `config file "${file}" key couriers.sandbox must be an object`);
});

t.test('courier options come from WAYBILL_COURIER_<NAME>_<OPTION> and the file; bad ones are named', async (t) => {
  const env = {
    WAYBILL_COURIER_SANDBOX_BASE_URL: 'http://127.0.0.1:9999/api',
    WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '11',
    WAYBILL_COURIER_SANDBOX_WORKERS: '3',
    WAYBILL_COURIER_SANDBOX_CRON: '*/5 * * * *',
    WAYBILL_COURIER_SANDBOX_QUOTA_REQUESTS: '700',
    WAYBILL_COURIER_SANDBOX_QUOTA_WINDOW_SECONDS: '300',
    WAYBILL_COURIER_SANDBOX_ENABLED: 'false',
    WAYBILL_COURIER_SANDBOX_CLIENT_ID: 'id',
    WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: 'secret',
  };
  const resolved = resolveCourier(sandboxDeclaration, { max_per_run: '99' }, env);
  t.match(resolved.definition, {
    batchSize: 11,
    concurrency: 3,
    enabled: false,
    schedule: { cron: '*/5 * * * *', maxPerRun: 99 },
    quota: { requests: 700, windowSeconds: 300 },
    endpoints: { baseUrl: 'http://127.0.0.1:9999/api' },
  });
  t.same(resolved.credentials, { client_id: 'id', client_secret: 'secret' });
  t.same(resolved.missingCredentials, []);
  t.throws(() => resolveCourier(sandboxDeclaration, {}, { WAYBILL_COURIER_SANDBOX_BATCH_SIZE: 'fifty' }), /WAYBILL_COURIER_SANDBOX_BATCH_SIZE: expected an integer ≥ 1, got "fifty"/);
  t.throws(() => resolveCourier(sandboxDeclaration, {}, { WAYBILL_COURIER_SANDBOX_BASE_URL: 'ftp://x' }), /WAYBILL_COURIER_SANDBOX_BASE_URL: expected an http\(s\) URL/);
  t.throws(() => resolveCourier(sandboxDeclaration, {}, { WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '5000' }), /courier plugin "sandbox": \/batchSize/);
  t.throws(() => resolveCourier(sandboxDeclaration, { batch_size: 'x' }, {}), /config file couriers.sandbox.batch_size/);
  t.same(resolveCourier(sandboxDeclaration, {}, {}).missingCredentials, ['WAYBILL_COURIER_SANDBOX_CLIENT_ID', 'WAYBILL_COURIER_SANDBOX_CLIENT_SECRET']);
  t.same(resolveCourier(sandboxDeclaration, {}, { WAYBILL_COURIER_SANDBOX_COLOUR: 'red' }).unknownOptions, ['WAYBILL_COURIER_SANDBOX_COLOUR']);
});

t.test('a courier declaration is validated when its plugin registers, naming the plugin and the field', async (t) => {
  t.throws(() => resolveCourier({ ...sandboxDeclaration, batchSize: 0 }, {}, {}), /courier plugin "sandbox": \/batchSize must be/);
  t.throws(() => resolveCourier({ ...sandboxDeclaration, quota: { requests: 10, windowSeconds: -1 } }, {}, {}), /courier plugin "sandbox": \/quota\/windowSeconds/);
  t.throws(() => resolveCourier({ ...sandboxDeclaration, name: 'Bad Name' }, {}, {}), /\/name/);
  t.throws(
    () => resolveCourier({ ...sandboxDeclaration, polling: { intervals: { in_transit: 5, in_transt: 5 } } }, {}, {}),
    /courier plugin "sandbox": \/polling\/intervals\/in_transt is not a canonical status/,
    'a misspelt status in polling.intervals is refused, not ignored',
  );
  t.throws(() => resolveCourier(sandboxDeclaration, {}, { WAYBILL_COURIER_SANDBOX_CRON: 'every minute' }), /WAYBILL_COURIER_SANDBOX_CRON: not a valid cron expression/);
  const limited = { ...sandboxDeclaration, batchLimit: 20 };
  t.throws(() => resolveCourier(limited, {}, { WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '21' }), /WAYBILL_COURIER_SANDBOX_BATCH_SIZE: 21 is more than Sandbox courier \(local simulator\) accepts in one request \(20\)/);
  t.equal(resolveCourier(limited, {}, { WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '20' }).definition.batchSize, 20);
});

t.test('a courier without credentials is disabled with one clear log line', async (t) => {
  const { app, logs } = await startTestApp(t, { couriers: [sandbox] });
  const lines = logs.filter((l) => l.includes('courier sandbox disabled'));
  t.equal(lines.length, 1);
  t.match(lines[0], /missing credentials: WAYBILL_COURIER_SANDBOX_WEBHOOK_SECRET, WAYBILL_COURIER_SANDBOX_CLIENT_ID, WAYBILL_COURIER_SANDBOX_CLIENT_SECRET/);
  t.match((await app.inject({ method: 'GET', url: '/v1/couriers/sandbox' })).json(), { enabled: false, disabledReason: /missing credentials/ });
  const run = await app.inject({ method: 'POST', url: '/v1/couriers/sandbox/runs' });
  t.equal(run.statusCode, 409);
  t.match(run.json().message, /courier sandbox is disabled: missing credentials/);
});
