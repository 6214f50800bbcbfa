import t from 'tap';
import { TRACKING_PATH } from './declaration.js';
import { velocityWithApiKey } from './index.js';
import { API_KEY, PASSWORD, START, awbs, inTransit, isLoginRequest, isTrackRequest, startVelocity, type VelocityHarness } from './testing.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const onTracking = { match: isTrackRequest };
const tokenOf = (r: { headers: { authorization?: string | undefined } }) => r.headers.authorization;
const courierView = async (kit: VelocityHarness) => (await kit.app.inject({ method: 'GET', url: '/v1/couriers/velocity' })).json();
const at = (offsetMs: number) => new Date(Date.parse(START) + offsetMs).toISOString();

t.test('one login for a whole run of several batches; the token is reused', async (t) => {
  const kit = await startVelocity(t);
  const numbers = awbs('VL', 100);
  inTransit(kit.sim, numbers);
  await kit.register(numbers);
  t.equal((await kit.run()).counts.updated, 100);
  t.equal(kit.sim.loginRequests().length, 1);
  const tokens = new Set(kit.sim.trackingRequests().map(tokenOf));
  t.equal(tokens.size, 1, '3 batches, one token');
  const secrets = [PASSWORD, ...tokens].filter((s): s is string => typeof s === 'string');
  t.notOk(kit.logs.some((line) => secrets.some((secret) => line.includes(secret))), 'neither the password nor the token is logged');
});

t.test('a second login invalidates the first token (simulator semantics)', async (t) => {
  const kit = await startVelocity(t);
  const first = await kit.foreignLogin();
  const second = await kit.foreignLogin();
  const track = (token: string) =>
    fetch(`${kit.sim.url}${TRACKING_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ awbs: ['A1'] }) });
  t.equal((await track(first)).status, 401, 'the first token was revoked');
  t.equal((await track(second)).status, 200);
  t.equal((await track(`Bearer ${second}`)).status, 401, 'Velocity wants the raw token, no scheme');
});

t.test('a login elsewhere revokes our token: one 401, exactly one new login, one retry', async (t) => {
  // One worker: its retry after the refresh takes its next limiter slot (a nested slot used to deadlock here).
  const kit = await startVelocity(t, { options: { workers: '1' } });
  inTransit(kit.sim, ['VR1']);
  await kit.register(['VR1']);
  await kit.run();
  kit.clock.advance(3 * HOUR); // due again, and past the minimum refresh interval
  const theirs = await kit.foreignLogin();
  const run = await kit.run();
  t.equal(run.state, 'succeeded');
  t.equal(kit.sim.logins, 3, 'ours, theirs, ours again');
  const [, rejected, retried] = kit.sim.trackingRequests();
  t.not(tokenOf(rejected!), theirs);
  t.not(tokenOf(retried!), tokenOf(rejected!), 'the retry carries the new token');
  t.equal(kit.sim.trackingRequests().length, 3);
});

t.test('concurrent 401s lead to exactly one login', async (t) => {
  // Two workers for two batches: every worker meets the 401 and retries at once, each in its next
  // limiter slot (this used to deadlock the run).
  const kit = await startVelocity(t, { options: { workers: '2' } });
  const numbers = awbs('VC', 90);
  inTransit(kit.sim, numbers);
  await kit.register(numbers);
  await kit.run();
  kit.clock.advance(3 * HOUR);
  kit.sim.revokeTokens();
  kit.sim.holdTracking(2); // both batches are in flight with the revoked token before either is answered
  const before = kit.sim.trackingRequests().length;
  const run = await kit.run();
  t.equal(run.state, 'succeeded');
  t.equal(run.counts.updated + run.counts.unchanged, 90);
  t.equal(kit.sim.loginRequests().length, 2, 'one login before, exactly one after the revocation');
  const second = kit.sim.trackingRequests().slice(before).map(tokenOf);
  t.equal(second.length, 4, 'two rejected, two retried');
  t.equal(second[0], second[1], 'both first attempts carried the revoked token');
  t.equal(second[2], second[3], 'both retries carry the one new token');
  t.not(second[2], second[0]);
});

t.test('refreshes after a 401 are at least a minute apart', async (t) => {
  const kit = await startVelocity(t);
  inTransit(kit.sim, ['VM1', 'VM2', 'VM3']);
  await kit.register(['VM1']);
  await kit.run();
  kit.sim.revokeTokens();
  await kit.register(['VM2']); // due at once
  t.equal((await kit.run()).state, 'succeeded', 'the first 401 refreshes at once');
  t.equal(kit.sim.loginRequests().length, 2);
  kit.sim.revokeTokens();
  await kit.register(['VM3']);
  const refused = await kit.run();
  t.equal(refused.state, 'failed', 'a second 401 within the minute does not log in again');
  t.match(refused.error, /authentication failed/);
  t.equal(kit.sim.loginRequests().length, 2);
  t.match(await kit.shipment('VM3'), { active: true, consecutiveFailures: 0, lastCheckedAt: null, lastError: null }, 'VM3 given back untouched');
  t.equal((await courierView(kit)).paused, false, 'a refresh held back by the interval is no refused login: no pause');
  kit.clock.advance(MINUTE + 1000); // past the minimum refresh interval
  const recovered = await kit.run();
  t.equal(recovered.state, 'succeeded');
  t.equal(kit.sim.loginRequests().length, 3);
  t.equal((await kit.shipment('VM3')).status, 'in_transit');
});

t.test('the 24 h token is renewed before it expires, without a 401 round trip', async (t) => {
  const kit = await startVelocity(t);
  inTransit(kit.sim, ['VT1']);
  await kit.register(['VT1']);
  await kit.run();
  kit.clock.advance(23 * HOUR + 56 * MINUTE); // token still valid at Velocity for 4 more minutes
  await kit.run();
  t.equal(kit.sim.loginRequests().length, 2, 'renewed proactively');
  const [first, second] = kit.sim.trackingRequests();
  t.equal(kit.sim.trackingRequests().length, 2, 'no rejected request');
  t.not(tokenOf(first!), tokenOf(second!));
});

t.test('refused credentials: the run fails, no shipment is touched, the courier pauses: one login an hour', async (t) => {
  // One worker keeps the count exact; concurrent workers share the one in-flight login.
  const kit = await startVelocity(t, { credentials: { password: 'wrong' }, options: { workers: '1' } });
  const numbers = awbs('VW', 100);
  inTransit(kit.sim, numbers);
  await kit.register(numbers);
  const run = await kit.run();
  t.equal(run.state, 'failed');
  t.match(run.error, /^authentication failed: .*login was refused.*answered 401/);
  t.match(run.counts, { failed: 0 });
  t.match(await kit.shipment(numbers[0]!), { active: true, consecutiveFailures: 0, lastCheckedAt: null, lastError: null });
  t.equal(kit.sim.trackingRequests().length, 0);
  t.equal(kit.sim.loginRequests().length, 1);
  t.match(await courierView(kit), { paused: true, pausedUntil: at(HOUR), pauseReason: /^login refused: check the credentials/ });
  t.equal((await kit.run()).state, 'skipped', 'no run, so no login, while paused');
  kit.clock.advance(50 * MINUTE);
  t.equal((await kit.run()).state, 'skipped');
  t.equal(kit.sim.loginRequests().length, 1, 'five refused logins lock the account: at most one an hour');
  kit.clock.advance(10 * MINUTE);
  t.match(await kit.run(), { state: 'failed', error: /login was refused/ }, 'after the pause the login is tried once more');
  t.equal(kit.sim.loginRequests().length, 2);
});

t.test('a login answered with another 4xx (e.g. 422) is a refused login: nothing touched, courier paused', async (t) => {
  const kit = await startVelocity(t);
  inTransit(kit.sim, ['VL422', 'VL423']);
  await kit.register(['VL422', 'VL423']);
  kit.sim.server.injectFault({ kind: 'status', status: 422, body: '{"error":"Account temporarily locked"}' }, { match: isLoginRequest });
  const run = await kit.run();
  t.equal(run.state, 'failed');
  t.match(run.error, /^authentication failed: .*auth-token answered 422: .*Account temporarily locked/);
  t.match(run.counts, { failed: 0 });
  for (const awb of ['VL422', 'VL423']) {
    t.match(await kit.shipment(awb), { active: true, status: 'info_received', consecutiveFailures: 0, lastCheckedAt: null, lastError: null }, `${awb} untouched`);
  }
  t.equal(kit.sim.trackingRequests().length, 0);
  t.match(await courierView(kit), { paused: true, pausedUntil: at(HOUR), pauseReason: /^login refused: check the credentials/ });
});

t.test('API-key variant: the key is sent raw and no login happens', async (t) => {
  const kit = await startVelocity(t, { plugin: velocityWithApiKey });
  inTransit(kit.sim, ['VK1']);
  await kit.register(['VK1']);
  t.equal((await kit.run()).state, 'succeeded');
  t.equal(kit.sim.loginRequests().length, 0);
  t.equal(tokenOf(kit.sim.trackingRequests()[0]!), API_KEY);
});

t.test('429 pauses the courier until the time the courier names, in each dialect', async (t) => {
  const now = Date.parse(START);
  const dialects: [string, Record<string, string>, number][] = [
    ['Retry-After seconds', { 'Retry-After': '120' }, now + 120_000],
    ['Retry-After HTTP date', { 'Retry-After': new Date(now + 10 * MINUTE).toUTCString() }, now + 10 * MINUTE],
    ['X-RateLimit-Reset unix time', { 'X-RateLimit-Reset': String((now + 15 * MINUTE) / 1000) }, now + 15 * MINUTE],
  ];
  for (const [name, headers, until] of dialects) {
    t.test(name, async (t) => {
      const kit = await startVelocity(t);
      inTransit(kit.sim, ['V429']);
      await kit.register(['V429']);
      kit.sim.server.injectFault({ kind: 'status', status: 429, headers }, onTracking);
      const run = await kit.run();
      t.equal(run.state, 'paused', 'the run ends paused');
      t.match(run.error, /429/);
      t.equal((await courierView(kit)).pausedUntil, new Date(until).toISOString());
      const shipment = await kit.shipment('V429');
      t.equal(shipment.status, 'info_received');
      t.equal(shipment.consecutiveFailures, 0, 'a rate limit is not the shipment’s failure');
      t.equal((await kit.run()).state, 'skipped', 'runs are skipped while paused');
    });
  }
});

t.test('403 cools the courier down for 8 minutes', async (t) => {
  const kit = await startVelocity(t);
  inTransit(kit.sim, ['V403']);
  await kit.register(['V403']);
  kit.sim.server.injectFault({ kind: 'status', status: 403 }, onTracking);
  const run = await kit.run();
  t.equal(run.state, 'paused', 'the run ends paused');
  t.equal((await courierView(kit)).pausedUntil, new Date(kit.clock.now().getTime() + 8 * MINUTE).toISOString());
});

t.test('malformed and truncated bodies: counted as failed, shipments keep their status', async (t) => {
  for (const kind of ['malformed', 'truncated'] as const) {
    t.test(kind, async (t) => {
      const kit = await startVelocity(t);
      inTransit(kit.sim, ['VF1', 'VF2']);
      await kit.register(['VF1', 'VF2']);
      await kit.run();
      kit.clock.advance(3 * HOUR);
      kit.sim.server.injectFault({ kind }, onTracking);
      const run = await kit.run();
      t.equal(run.counts.failed, 2);
      for (const awb of ['VF1', 'VF2']) {
        const shipment = await kit.shipment(awb);
        t.equal(shipment.status, 'in_transit');
        t.equal(shipment.consecutiveFailures, 1);
        t.ok(shipment.active);
      }
    });
  }
});
