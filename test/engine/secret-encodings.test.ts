import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { courierEnvPrefix } from '../../config/load.js';
import { defineCourier } from '../../core/courier/plugin.js';
import { SimServer } from '../../core/testing/sim-server.js';
import { startTestApp } from '../helpers/app.js';

const LOGIN = 'ops@shop.example';
const PASSWORD = 'p@ss/wörd 9+"x';

const jsonEscaped = JSON.stringify(PASSWORD).slice(1, -1);
const unicodeEscaped = [...PASSWORD].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/** How a courier might echo the password back in an error: every form a real one plausibly uses. */
const ECHOES: Record<string, string> = {
  raw: PASSWORD,
  'URL-encoded (encodeURIComponent)': encodeURIComponent(PASSWORD),
  'URL-encoded, lower-case hex': encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'form-encoded (+ for a space)': new URLSearchParams({ p: PASSWORD }).toString().slice('p='.length),
  'JSON-escaped': jsonEscaped,
  'JSON-escaped the PHP way (\\/)': jsonEscaped.replace(/\//g, '\\/'),
  'JSON \\uXXXX escapes': unicodeEscaped,
  'base64 of login:password': Buffer.from(`${LOGIN}:${PASSWORD}`).toString('base64'),
  'base64url of login:password': Buffer.from(`${LOGIN}:${PASSWORD}`).toString('base64url'),
};

t.test('a courier echoing the password in any encoding: it is neither stored, shown by the API, nor logged', async (t) => {
  let echo = '';
  const sim = await SimServer.start(() => ({ status: 400, text: `{"error":"bad request for ${echo}"}` }));
  t.teardown(() => sim.close());
  const plugin = defineCourier(
    {
      name: 'echoer',
      displayName: 'Echoer',
      // Two numbers refused as a whole are asked again in halves, and that is logged with the courier's answer.
      batchSize: 2,
      quota: { requests: 100, windowSeconds: 1 },
      concurrency: 1,
      schedule: { cron: '0 0 1 1 *', maxPerRun: 10 },
      auth: { kind: 'query', params: { login: 'login', password: 'password' } },
      credentials: ['login', 'password'],
      endpoints: { baseUrl: sim.url },
      statuses: [{ status: 'moving', to: 'in_transit' }],
    },
    {
      async track(batch, { http }) {
        await http.get(`/track/${batch.map((b) => b.trackingNumber).join(',')}`);
        return [];
      },
    },
  );
  const prefix = courierEnvPrefix('echoer');
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const h = await startTestApp(t, { couriers: [plugin], env: { [`${prefix}LOGIN`]: LOGIN, [`${prefix}PASSWORD`]: PASSWORD }, clock });

  let n = 0;
  for (const [form, echoed] of Object.entries(ECHOES)) {
    echo = echoed;
    const number = `N${++n}`;
    clock.advance(10_000);
    await h.app.waybill.store.shipments.register([number, `${number}-2`].map((trackingNumber) => ({ courier: 'echoer', trackingNumber })), clock.now());
    await h.app.waybill.engine.runToCompletion('echoer', 'manual');
    const stored = await h.app.waybill.store.shipments.get('echoer', number);
    t.match(stored?.lastError, /answered 400.*\[redacted\]/, `${form}: the error is kept, the secret marked`);
    t.notOk(stored?.lastError?.includes(echoed), `${form}: not stored`);
    const shown = await h.app.inject({ url: `/v1/shipments/echoer/${number}` });
    t.notOk((shown.json() as { lastError: string }).lastError.includes(echoed), `${form}: not shown by the API`);
  }
  const logged = h.logs.map((line) => JSON.parse(line) as { reason?: string }).filter((line) => line.reason?.includes('answered 400'));
  t.equal(logged.length, Object.keys(ECHOES).length, 'each refused batch is logged with the courier\'s answer');
  for (const [i, [form, echoed]] of Object.entries(ECHOES).entries()) t.notOk(logged[i]!.reason!.includes(echoed), `${form}: not logged`);
});
