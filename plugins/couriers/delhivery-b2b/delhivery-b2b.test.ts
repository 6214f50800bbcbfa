import t from 'tap';
import { readFixture, replayFixture } from 'waybill/testing';
import { B2B_EXPECTED } from '../../shared/delhivery/expected-mappings.js';
import { B2B_DOCUMENTED, DOCUMENTED_STATUSES } from './index.js';
import { PASSWORD, USERNAME, startB2b } from './testing.js';

t.test('every documented status (B2B list + legacy table) maps as expected through the engine and store', async (t) => {
  const documented = DOCUMENTED_STATUSES.map((d) => d.status);
  for (const status of B2B_DOCUMENTED) t.ok(documented.includes(status), `B2B documented ${status} is in the table`);
  t.same(documented.slice().sort(), [...B2B_EXPECTED.keys()].sort(), 'expectations cover exactly the documented list');
  const { sim, register, run, view } = await startB2b(t);
  const lrs = documented.map((_, i) => `LR${2000 + i}`);
  documented.forEach((status, i) => sim.setLr(lrs[i]!, { status }));
  await register(lrs);
  const result = await run();
  t.equal(result.counts.unmapped, 0, 'no documented status is unmapped');
  t.equal(result.counts.requests, lrs.length + 1, 'one request per LR, plus one login');
  for (const [i, status] of documented.entries()) {
    const s = await view(lrs[i]!);
    const expected = B2B_EXPECTED.get(status);
    t.equal(s.status, expected ?? 'info_received', `${status} → ${expected ?? 'no change'}`);
    t.equal(s.rawStatus, status, 'raw status recorded whatever the mapping');
  }
});

t.test('every status updates the raw status, mapped or not (the seed\'s B2B "noChange=false")', async (t) => {
  const { sim, register, run, view, later } = await startB2b(t);
  sim.setLr('LR1', { status: 'LEFT_ORIGIN' });
  await register(['LR1']);
  await run();
  sim.setLr('LR1', { status: 'HELD_FOR_OCTROI' });
  later();
  const unmapped = await run();
  t.equal(unmapped.counts.unmapped, 1, 'counted and reported');
  let s = await view('LR1');
  t.equal(s.rawStatus, 'HELD_FOR_OCTROI', 'the raw status follows the courier');
  t.equal(s.status, 'in_transit', 'the canonical status stays');
  sim.setLr('LR1', { status: 'weight captured' });
  later();
  await run();
  s = await view('LR1');
  t.equal(s.rawStatus, 'weight captured', 'a no-change scan still updates the raw status');
  t.equal(s.status, 'in_transit');
});

t.test('a batch size above one LR per request is refused at start, naming the variable', async (t) => {
  await t.rejects(
    startB2b(t, { env: { WAYBILL_COURIER_DELHIVERY_B2B_BATCH_SIZE: '2' } }),
    /WAYBILL_COURIER_DELHIVERY_B2B_BATCH_SIZE: 2 is more than .* accepts in one request \(1\)/,
  );
});

t.test('one request per LR; one login serves the whole run', async (t) => {
  const { sim, register, run } = await startB2b(t);
  for (const lr of ['LR10', 'LR11', 'LR12']) sim.setLr(lr, { status: 'PICKED_UP' });
  await register(['LR10', 'LR11', 'LR12']);
  const result = await run();
  t.equal(result.counts.updated, 3);
  t.equal(sim.logins.length, 1);
  t.same(sim.logins[0]!.body, { username: USERNAME, password: PASSWORD });
  t.same(sim.trackRequests.map((r) => r.query.lrnum).sort(), ['LR10', 'LR11', 'LR12']);
  t.ok(sim.trackRequests.every((r) => Object.keys(r.query).length === 1), 'lrnum only');
  t.ok(sim.trackRequests.every((r) => /^Bearer eyJ/.test(r.headers.authorization ?? '')), 'JWT as a Bearer token');
});

t.test('401: one refresh and one retry, shared by concurrent requests', async (t) => {
  const { sim, register, run, later } = await startB2b(t);
  for (const lr of ['LR20', 'LR21', 'LR22']) sim.setLr(lr, { status: 'PICKED_UP' });
  await register(['LR20', 'LR21', 'LR22']);
  await run();
  t.equal(sim.logins.length, 1);
  sim.revokeTokens();
  later();
  const tracks = sim.trackRequests.length;
  const refreshed = await run();
  t.equal(refreshed.state, 'succeeded');
  t.equal(sim.logins.length, 2, 'three concurrent 401s share one refresh');
  const sent = sim.trackRequests.length - tracks;
  t.ok(sent >= 4 && sent <= 6, `each LR at most one 401 and one retry (${sent} requests)`);
  t.equal(refreshed.counts.failed, 0);
});

t.test('refreshes after a 401 happen at most once per 30 s', async (t) => {
  const { sim, register, run, view, clock } = await startB2b(t);
  for (const lr of ['LR30', 'LR31', 'LR32', 'LR33']) sim.setLr(lr, { status: 'PICKED_UP' });
  await register(['LR30']);
  await run(); // first login: not a refresh
  sim.revokeTokens();
  clock.advance(10_000);
  await register(['LR31']); // due now
  t.equal((await run()).state, 'succeeded', 'first 401: refreshed');
  t.equal(sim.logins.length, 2);

  sim.revokeTokens();
  clock.advance(10_000); // 10 s after that refresh
  await register(['LR32']);
  const refused = await run();
  t.equal(refused.state, 'failed', 'a second 401 within 30 s: no refresh');
  t.match(refused.error, /authentication failed/);
  t.equal(sim.logins.length, 2);
  t.equal((await view('LR32')).status, 'info_received');

  clock.advance(25_000); // 35 s after the last refresh
  await register(['LR33']);
  const refreshed = await run();
  t.equal(refreshed.state, 'succeeded');
  t.equal(sim.logins.length, 3, 'one refresh once 30 s have passed');
  t.equal((await view('LR33')).status, 'in_transit');
});

t.test('the JWT is renewed after its documented 24 h, before Delhivery has to refuse it', async (t) => {
  const { sim, register, run, clock } = await startB2b(t);
  sim.setLr('LR40', { status: 'PICKED_UP' });
  await register(['LR40']);
  await run();
  clock.advance(24 * 3_600_000 + 60_000);
  const tracks = sim.trackRequests.length;
  const result = await run();
  t.equal(result.state, 'succeeded');
  t.equal(sim.logins.length, 2, 'logged in again');
  t.equal(sim.trackRequests.length - tracks, 1, 'no 401 round trip');
});

t.test('wrong credentials: the run fails, naming the login', async (t) => {
  const { register, run, logs } = await startB2b(t, { env: { WAYBILL_COURIER_DELHIVERY_B2B_PASSWORD: 'wrong-password-1' } });
  await register(['LR50']);
  const result = await run();
  t.equal(result.state, 'failed');
  t.match(result.error, /login was refused/);
  t.notOk(logs.some((l) => l.includes('wrong-password-1') || l.includes(PASSWORD)), 'no password in the logs');
});

for (const unknownLr of ['http-404', 'success-false'] as const) {
  t.test(`an unknown LR (${unknownLr}) is not found and stays tracked`, async (t) => {
    const { register, run, view } = await startB2b(t, { unknownLr });
    await register(['LR404']);
    const result = await run();
    t.equal(result.counts.notFound, 1);
    const s = await view('LR404');
    t.equal(s.active, true);
    t.match(s.lastError, /No data found for LR LR404/);
  });
}

t.test('fixture replay: a multi-box LR parses into status, boxes as events, IST times', async (t) => {
  const fixture = readFixture(new URL('./fixtures/', import.meta.url), 'track-lr.json');
  const { sim, register, run, view } = await startB2b(t);
  await register(['220029522']);
  replayFixture(sim.server, fixture, (r) => r.path === '/lrn/track');
  await run();
  t.same(sim.trackRequests[0]!.query, fixture.request.query);
  const s = await view('220029522');
  t.equal(s.status, 'in_transit');
  t.equal(s.rawStatus, 'REACH_DESTINATION');
  t.equal(s.events.length, 2);
  t.equal(s.lastEventAt, '2026-03-10T02:40:00.000Z', 'latest box scan, 08:10 IST');
  t.equal(s.location, 'Mumbai_Bhiwandi_HB (Maharashtra)');
});
