import t from 'tap';
import { SignJWT } from 'jose';
import { ManualClock } from 'waybill';
import { startCourierHarness } from 'waybill/testing';
import doordash, { DoorDashSimulator } from './index.js';
import { DOORDASH_KEYS, isGetDelivery } from './testing.js';

const NOW = new Date('2026-05-01T18:00:00.000Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

interface TokenParts {
  secret?: string;
  header?: Record<string, string>;
  claims?: Record<string, unknown>;
  iat?: number;
  exp?: number;
}

/** A token as DoorDash's docs describe it, with `parts` changed. */
function token(parts: TokenParts = {}): Promise<string> {
  const iat = parts.iat ?? seconds(NOW);
  return new SignJWT({ aud: 'doordash', iss: DOORDASH_KEYS.developer_id, kid: DOORDASH_KEYS.key_id, ...parts.claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', 'dd-ver': 'DD-JWT-V1', ...parts.header })
    .setIssuedAt(iat)
    .setExpirationTime(parts.exp ?? iat + 1800)
    .sign(Buffer.from(parts.secret ?? DOORDASH_KEYS.signing_secret, 'base64url'));
}

t.test('Get Delivery answers only a valid self-signed JWT; anything else is 401', async (t) => {
  const sim = await DoorDashSimulator.start({
    developerId: DOORDASH_KEYS.developer_id,
    keyId: DOORDASH_KEYS.key_id,
    signingSecret: DOORDASH_KEYS.signing_secret,
    webhookAuthorization: DOORDASH_KEYS.webhook_authorization,
    now: () => NOW,
  });
  t.teardown(() => sim.close());
  sim.create('D-2001');
  const get = async (authorization: string | undefined, id = 'D-2001') => {
    const res = await fetch(`${sim.url}/drive/v2/deliveries/${id}`, { headers: authorization ? { authorization } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  t.match(await get(`Bearer ${await token()}`), { status: 200, body: { external_delivery_id: 'D-2001', delivery_status: 'created' } }, 'a token as documented');
  t.match(await get(`Bearer ${await token()}`, 'D-2999'), { status: 404, body: { code: 'not_found' } }, 'an unknown delivery');
  const refused: [string, string | undefined][] = [
    ['no Authorization header', undefined],
    ['not a bearer token', await token()],
    ['another signing secret', `Bearer ${await token({ secret: Buffer.from('another secret of thirty-two b..').toString('base64url') })}`],
    ['the secret used undecoded', `Bearer ${await new SignJWT({ aud: 'doordash', iss: DOORDASH_KEYS.developer_id, kid: DOORDASH_KEYS.key_id }).setProtectedHeader({ alg: 'HS256', 'dd-ver': 'DD-JWT-V1' }).setIssuedAt(seconds(NOW)).setExpirationTime(seconds(NOW) + 60).sign(Buffer.from(DOORDASH_KEYS.signing_secret))}`],
    ['no dd-ver header', `Bearer ${await token({ header: { 'dd-ver': 'DD-JWT-V2' } })}`],
    ['another audience', `Bearer ${await token({ claims: { aud: 'uber' } })}`],
    ['another issuer', `Bearer ${await token({ claims: { iss: 'someone-else' } })}`],
    ['another key id', `Bearer ${await token({ claims: { kid: 'another-key' } })}`],
    ['expired', `Bearer ${await token({ iat: seconds(NOW) - 1900, exp: seconds(NOW) - 100 })}`],
    ['issued in the future', `Bearer ${await token({ iat: seconds(NOW) + 120 })}`],
    ['living longer than 30 minutes', `Bearer ${await token({ exp: seconds(NOW) + 1801 })}`],
  ];
  for (const [why, authorization] of refused) t.equal((await get(authorization)).status, 401, why);
  t.equal(sim.server.exchanges.filter((x) => x.status === 200).length, 1, 'only the valid token was answered');
});

t.test("the core's tokens: accepted, renewed before they expire, and a wrong signing secret fails the run naming authentication", async (t) => {
  const clock = new ManualClock(NOW);
  const start = (credentials: Record<string, string>) =>
    startCourierHarness(t, {
      plugin: doordash,
      simulator: () =>
        DoorDashSimulator.start({ developerId: DOORDASH_KEYS.developer_id, keyId: DOORDASH_KEYS.key_id, signingSecret: DOORDASH_KEYS.signing_secret, webhookAuthorization: DOORDASH_KEYS.webhook_authorization, now: () => clock.now() }),
      clock,
      credentials,
    });
  const h = await start(DOORDASH_KEYS);
  h.sim.create('D-2002');
  await h.register(['D-2002']);
  t.match(await h.run(), { state: 'succeeded', counts: { requests: 1, updated: 1 } });
  clock.advance(40 * 60_000);
  t.match(await h.run(), { state: 'succeeded', counts: { requests: 1, failed: 0 } }, '40 minutes later the old token has expired: a new one was signed');

  // A courier that echoes the Authorization header in an error must not put the signed token in Waybill's errors.
  const token = h.requests(isGetDelivery).at(-1)!.headers.authorization!.replace('Bearer ', '');
  h.sim.server.injectFault({ kind: 'status', status: 400, body: JSON.stringify({ code: 'validation_error', message: `${token} is not valid` }) }, { match: isGetDelivery, times: 1 });
  clock.advance(20 * 60_000);
  t.match(await h.run(), { counts: { requests: 1, failed: 1 } }, 'the shipment was due again and its call refused');
  const stored = await h.shipment('D-2002');
  t.ok(stored.lastError, 'the 400 is recorded on the shipment');
  // Error excerpts are cut short, so look for the start of the token, not all of it.
  const leaked = (text: string) => text.includes(token.slice(0, 80));
  t.notOk(leaked(JSON.stringify(stored)) || h.logs.some(leaked), 'the token is in neither the shipment nor the logs');

  const wrong = await start({ ...DOORDASH_KEYS, signing_secret: Buffer.from('not the secret DoorDash issued..').toString('base64url') });
  wrong.sim.create('D-2003');
  await wrong.register(['D-2003']);
  t.match(await wrong.run(), { state: 'failed', error: /authentication failed/ });
  t.equal(wrong.requests(() => true).length, 2, 'the call and one retry with a new token, then no more');
});
