import t from 'tap';
import { TOKEN_PATH, TRACKING_PATH } from './declaration.js';
import { CLIENT, START, grantOf, inTransit, isTokenRequest, isTrackRequest, startEasyParcel, type EasyParcelHarness } from './testing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BASIC = `Basic ${Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64')}`;
const at = (offsetMs: number) => new Date(Date.parse(START) + offsetMs).toISOString();

/** The token requests so far: grant, refresh token sent, and EasyParcel's answer. */
const tokenExchanges = (h: EasyParcelHarness) =>
  h.sim.server.exchanges
    .filter((x) => isTokenRequest(x.request))
    .map((x) => ({ grant: grantOf(x.request), sent: (x.request.body as Record<string, string>).refresh_token, status: x.status, answer: JSON.parse(x.body) as Record<string, unknown> }));

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: BASIC }, body: new URLSearchParams(fields).toString() });

t.test('with a refresh token configured, tokens come from the refresh_token grant, and the rotated one is used next time', async (t) => {
  const h = await startEasyParcel(t, { refreshToken: true });
  inTransit(h.sim, ['EPA1']);
  await h.register(['EPA1']);
  t.equal((await h.run()).state, 'succeeded');
  const [first] = h.sim.tokenRequests();
  t.equal(first?.headers.authorization, BASIC, 'client id and secret in HTTP Basic auth');
  t.same(first?.body, { grant_type: 'refresh_token', refresh_token: h.refreshToken }, 'a form with the configured refresh token, no client secret in it');

  h.clock.advance(10 * HOUR); // the 10 h token runs out; in transit is due again
  t.equal((await h.run()).state, 'succeeded');
  const exchanges = tokenExchanges(h);
  t.equal(exchanges.length, 2, 'renewed once');
  t.match(exchanges[0], { grant: 'refresh_token', status: 200, answer: { expires_in: 36000, refresh_token: String } });
  t.same(exchanges[1], { ...exchanges[1], grant: 'refresh_token', sent: exchanges[0]!.answer.refresh_token, status: 200 }, 'the rotated refresh token, not the used one');
  t.same(h.sim.server.exchanges.filter((x) => isTrackRequest(x.request)).map((x) => x.status), [200, 200], 'renewed before expiry: no request was refused');
});

t.test('a refresh token EasyParcel refuses (already used) falls back to client credentials, for good', async (t) => {
  const h = await startEasyParcel(t, { refreshToken: true });
  // Used before this process started (an earlier instance rotated it).
  t.equal((await fetch(`${h.sim.url}${TOKEN_PATH}`, form({ grant_type: 'refresh_token', refresh_token: h.refreshToken! }))).status, 200);
  inTransit(h.sim, ['EPF1']);
  await h.register(['EPF1']);
  t.equal((await h.run()).state, 'succeeded');
  const ours = () => tokenExchanges(h).slice(1);
  t.match(ours(), [
    { grant: 'refresh_token', sent: h.refreshToken, status: 400, answer: { error: { name: 'invalid_grant' }, status_code: 400 } },
    { grant: 'client_credentials', status: 200 },
  ]);
  t.equal((await h.shipment('EPF1')).status, 'in_transit');

  h.clock.advance(10 * HOUR);
  await h.run();
  t.same(ours().slice(2).map((x) => x.grant), ['client_credentials'], 'the refused refresh token is not tried again');
});

t.test('refused client credentials: the run fails, no shipment is touched, the courier pauses for an hour', async (t) => {
  const h = await startEasyParcel(t, { credentials: { client_secret: 'not-the-secret-0000' } });
  inTransit(h.sim, ['EPW1']);
  await h.register(['EPW1']);
  const run = await h.run();
  t.match(run, { state: 'failed', error: /authentication failed: .*token endpoint refused the client credentials.*answered 401/, counts: { failed: 0 } });
  t.match(tokenExchanges(h), [{ grant: 'client_credentials', status: 401, answer: { error: { name: 'invalid_client' } } }]);
  t.equal(h.requests(isTrackRequest).length, 0);
  t.match(await h.shipment('EPW1'), { status: 'info_received', active: true, consecutiveFailures: 0, lastCheckedAt: null });
  t.match(await h.courierState(), { paused: true, pausedUntil: at(HOUR), pauseReason: /login refused/ });
  t.notOk(h.logs.some((line) => line.includes('not-the-secret-0000')), 'the secret is not logged');
});

t.test('the simulator answers as EasyParcel: one use per refresh token, expired tokens refused, at most 100 AWBs', async (t) => {
  const h = await startEasyParcel(t);
  const token = async (fields: Record<string, string>) => {
    const res = await fetch(`${h.sim.url}${TOKEN_PATH}`, form(fields));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const track = async (authorization: string | undefined, awbNumbers: unknown) => {
    const res = await fetch(`${h.sim.url}${TRACKING_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ awb_numbers: awbNumbers }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const refresh = h.sim.issueRefreshToken();
  const granted = await token({ grant_type: 'refresh_token', refresh_token: refresh });
  t.match(granted, { status: 200, body: { token_type: 'Bearer', expires_in: 36000, expires_at: at(10 * HOUR), refresh_token: String, refresh_token_expires_in: 31557600 } });
  t.not(granted.body.refresh_token, refresh, 'rotated');
  t.match(await token({ grant_type: 'refresh_token', refresh_token: refresh }), { status: 400, body: { error: { statusCode: 400, name: 'invalid_grant' }, status_code: 400 } }, 'a used refresh token is refused');
  const credentials = await token({ grant_type: 'client_credentials' });
  t.equal(credentials.body.refresh_token, undefined, 'client credentials get no refresh token');
  t.match(await token({ grant_type: 'password' }), { status: 400, body: { error: { name: 'unsupported_grant_type' } } });

  const bearer = `Bearer ${String(granted.body.access_token)}`;
  t.match(await track(bearer, ['EP-1']), { status: 200, body: { status_code: 200, message: '0 requests success, 1 request error.', data: { results: [{ awb_number: 'EP-1', status: 'not_found' }] } } });
  t.match(await track(undefined, ['EP-1']), { status: 401, body: { error: { name: 'missing_token' } } });
  t.match(await track(bearer, Array.from({ length: 101 }, (_, i) => `EP-${i}`)), { status: 400, body: { status_code: 400, message: 'Validation failed', data: { errors: [/more than 100/] } } });
  h.clock.advance(10 * HOUR);
  t.match(await track(bearer, ['EP-1']), { status: 401, body: { error: { statusCode: 401, status: 401, code: 401, name: 'invalid_token' }, status_code: 401 } }, 'after 10 h');
  h.clock.advance(365 * 24 * HOUR);
  t.match(await token({ grant_type: 'refresh_token', refresh_token: String(granted.body.refresh_token) }), { status: 400, body: { error: { name: 'invalid_grant' } } }, 'a refresh token older than a year is refused');
});
