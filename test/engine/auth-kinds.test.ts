import t, { type Test } from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { AuthSpec } from '../../core/courier/definition.js';
import { defineCourier } from '../../core/courier/plugin.js';
import { courierEnv } from '../../config/load.js';
import { SimServer, type SimRequest } from '../../core/testing/sim-server.js';
import { startTestApp } from '../helpers/app.js';

const CLIENT = { id: 'client-id-1', secret: 'client-secret-0123456789' };
const basic = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;

/**
 * A token endpoint that takes the client in Basic auth and both grants, rotating refresh tokens (a used
 * one is refused), and a tracking endpoint that wants its bearer token, or the key in the query.
 */
async function courierServer() {
  const valid = new Set<string>();
  const refreshTokens = new Set(['refresh-1']);
  let issued = 0;
  const server = await SimServer.start((req: SimRequest) => {
    if (req.path === '/oauth/token') {
      const form = req.body as Record<string, string>;
      if (req.headers.authorization !== basic || 'client_secret' in form) return { status: 401, json: { error: 'invalid_client' } };
      if (form.grant_type === 'refresh_token' && !refreshTokens.delete(form.refresh_token ?? '')) return { status: 400, json: { error: 'invalid_grant' } };
      if (form.grant_type !== 'refresh_token' && form.grant_type !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type' } };
      const token = `access-${++issued}`;
      valid.add(token);
      const rotated = `refresh-${issued + 1}`;
      refreshTokens.add(rotated);
      return { json: { access_token: token, expires_in: 3600, ...(form.grant_type === 'refresh_token' ? { refresh_token: rotated } : {}) } };
    }
    const bearer = req.headers.authorization?.replace('Bearer ', '') ?? '';
    if (!valid.has(bearer) && req.query.key !== 'query-key-0123456789') return { status: 401, json: { error: 'unauthorized' } };
    return { json: { status: 'moving' } };
  });
  return { server, revoke: () => valid.clear(), grants: () => server.requests.filter((r) => r.path === '/oauth/token').map((r) => (r.body as Record<string, string>).grant_type) };
}

async function start(t: Test, auth: AuthSpec, credentials: Record<string, string>, extra: Partial<Parameters<typeof defineCourier>[0]> = {}) {
  const sim = await courierServer();
  t.teardown(() => sim.server.close());
  const plugin = defineCourier(
    {
      name: 'authy',
      displayName: 'Authy',
      batchSize: 1,
      quota: { requests: 100, windowSeconds: 1 },
      concurrency: 1,
      schedule: { cron: '0 0 1 1 *', maxPerRun: 10 },
      auth,
      credentials: Object.keys(credentials).filter((c) => c !== 'refresh_token'),
      endpoints: { baseUrl: sim.server.url },
      statuses: [{ status: 'moving', to: 'in_transit' }],
      ...extra,
    },
    {
      async track(batch, { http }) {
        const res = await http.get<{ status: string }>(`/track/${batch[0]!.trackingNumber}`);
        return [{ trackingNumber: batch[0]!.trackingNumber, found: true, status: res.body.status, events: [] }];
      },
    },
  );
  const env = courierEnv('authy', credentials);
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const h = await startTestApp(t, { couriers: [plugin], env, clock });
  let n = 0;
  const run = async () => {
    clock.advance(10_000);
    await h.app.waybill.store.shipments.register([{ courier: 'authy', trackingNumber: `N${++n}` }], clock.now());
    return h.app.waybill.engine.runToCompletion('authy', 'manual');
  };
  return { ...h, sim, run };
}

const oauth2 = (refresh: boolean): AuthSpec => ({
  kind: 'oauth2',
  tokenPath: '/oauth/token',
  clientIdCredential: 'client_id',
  clientSecretCredential: 'client_secret',
  clientAuth: 'basic',
  ...(refresh ? { refreshTokenCredential: 'refresh_token' } : {}),
  minRefreshIntervalMs: 0,
});

t.test('OAuth2 with the client in Basic auth and a refresh token: the refresh grant first, the rotated token next, client credentials once it is refused', async (t) => {
  const h = await start(t, oauth2(true), { client_id: CLIENT.id, client_secret: CLIENT.secret, refresh_token: 'refresh-1' }, { optionalCredentials: ['refresh_token'] });
  t.match(await h.run(), { state: 'succeeded', counts: { updated: 1 } });
  h.sim.revoke();
  t.match(await h.run(), { state: 'succeeded', counts: { updated: 1 } });
  t.same(h.sim.grants(), ['refresh_token', 'refresh_token'], 'the second refresh used the rotated refresh token');
  const rotated = h.sim.server.requests.filter((r) => r.path === '/oauth/token').map((r) => (r.body as Record<string, string>).refresh_token);
  t.same(rotated, ['refresh-1', 'refresh-2']);

  h.sim.revoke();
  // The server forgets refresh tokens it rotated: the next refresh is refused and client credentials take over.
  h.sim.server.injectFault({ kind: 'status', status: 400, body: JSON.stringify({ error: 'invalid_grant' }) }, { match: (r) => r.path === '/oauth/token', times: 1 });
  t.match(await h.run(), { state: 'succeeded', counts: { updated: 1 } });
  t.same(h.sim.grants().slice(2), ['refresh_token', 'client_credentials']);
  t.notOk(h.logs.some((l) => l.includes(CLIENT.secret) || l.includes('refresh-3') || l.includes('access-')), 'no secret, refresh token or access token in the logs');

  // A courier echoing the Basic header: the encoded client id and secret are kept out of what is stored.
  const encoded = basic.replace('Basic ', '');
  h.sim.server.injectFault({ kind: 'status', status: 400, body: `${encoded} is not allowed here` }, { match: (r) => r.path.startsWith('/track/'), times: 1 });
  t.match(await h.run(), { counts: { stopped: 0, failed: 1 } });
  const refused = await h.app.waybill.store.shipments.get('authy', 'N4');
  t.match(refused?.lastError, /answered 400/);
  t.notOk(refused?.lastError?.includes(encoded), 'the encoded pair is redacted');
});

t.test('OAuth2 without a refresh token uses client credentials; no refresh token option is accepted when the courier declares none', async (t) => {
  const h = await start(t, oauth2(false), { client_id: CLIENT.id, client_secret: CLIENT.secret });
  t.match(await h.run(), { state: 'succeeded', counts: { updated: 1 } });
  t.same(h.sim.grants(), ['client_credentials']);
});

t.test('query auth: the key goes in the query of every request and never into logs or errors', async (t) => {
  const h = await start(t, { kind: 'query', params: { key: 'api_key' } }, { api_key: 'query-key-0123456789' });
  t.match(await h.run(), { state: 'succeeded', counts: { updated: 1 } });
  t.equal(h.sim.server.requests.at(-1)!.query.key, 'query-key-0123456789');
  h.sim.server.injectFault({ kind: 'status', status: 500, body: 'internal error for key=query-key-0123456789' }, { times: 3 });
  const failed = await h.run();
  t.match(failed, { counts: { failed: 1 } });
  const stored = await h.app.waybill.store.shipments.get('authy', 'N2');
  t.notOk(JSON.stringify(stored).includes('query-key-0123456789'), 'the echoed key is not stored');
  t.notOk(h.logs.some((l) => l.includes('query-key-0123456789')), 'nor logged');
});
