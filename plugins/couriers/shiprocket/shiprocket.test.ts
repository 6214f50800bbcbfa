import t from 'tap';
import { scan } from './simulator.js';
import { awbs, isLoginRequest, isTrackRequest, startShiprocket, START, type ShiprocketHarness } from './testing.js';

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.parse(START) + offsetMs).toISOString();
const courierView = async (h: ShiprocketHarness) => (await h.app.inject({ method: 'GET', url: '/v1/couriers/shiprocket' })).json();

t.test('the declaration: seed numbers, login auth, configurable quota', async (t) => {
  const h = await startShiprocket(t, { options: { quota_requests: '30', quota_window_seconds: '0.5' } });
  const c = await courierView(h);
  t.match(c, { batchSize: 50, auth: 'login', schedule: { cron: '*/8 * * * *', runOnStart: true, maxPerRun: 40_000 } });
  t.same(c.quota, { requests: 30, windowSeconds: 0.5 }, 'quota comes from WAYBILL_COURIER_SHIPROCKET_QUOTA_*');
  const { definition } = h.app.waybill.registry.get('shiprocket')!;
  t.match(definition.auth, { kind: 'login', path: '/auth/login', tokenField: 'token', scheme: 'Bearer', minRefreshIntervalMs: 60_000 });
  t.equal(definition.endpoints.baseUrl, h.sim.url);
});

t.test('51 AWBs: two requests of 50 and 1, one login, the token reused by the next run', async (t) => {
  const h = await startShiprocket(t);
  const numbers = awbs('SR', 51);
  for (const awb of numbers) h.sim.setShipment(awb, { currentStatus: 'In Transit', activities: [scan(18, '2025-12-31 10:00:00')] });
  await h.register(numbers);
  const run = await h.run();
  t.equal(run.state, 'succeeded');
  t.match(run.counts, { claimed: 51, requests: 3, updated: 51, notFound: 0 });
  const sizes = h.sim.trackRequests.map((r) => (r.body as { awbs: string[] }).awbs.length).sort((a, b) => b - a);
  t.same(sizes, [50, 1]);
  t.same(h.sim.trackRequests.flatMap((r) => (r.body as { awbs: string[] }).awbs).sort(), numbers, 'every AWB asked exactly once');
  t.equal(h.sim.logins, 1, 'one login shared by both batches');
  const statuses = await Promise.all(numbers.map(async (awb) => (await h.shipment(awb)).status));
  t.same(new Set(statuses), new Set(['in_transit']));

  h.clock.advance(3 * HOUR);
  const second = await h.run();
  t.equal(second.counts.claimed, 51);
  t.equal(h.sim.logins, 1, 'the next run reuses the token');
  t.equal(h.sim.trackRequests.length, 4);
});

t.test('a batch size above the documented 50 is refused at start, naming the variable', async (t) => {
  await t.rejects(startShiprocket(t, { options: { batch_size: '60' } }), /WAYBILL_COURIER_SHIPROCKET_BATCH_SIZE: 60 is more than .* accepts in one request \(50\)/);
});

t.test('a batch refused as a whole (422) is asked again in halves: the AWBs are answered, none is retired', async (t) => {
  const h = await startShiprocket(t);
  const numbers = awbs('BIG', 2);
  for (const awb of numbers) h.sim.setShipment(awb, { currentStatus: 'In Transit', shipmentStatus: 18, activities: [scan(18, '2026-04-30 10:00:00')] });
  await h.register(numbers);
  h.sim.server.injectFault(
    { kind: 'status', status: 422, body: JSON.stringify({ message: 'The awbs may not have more than 50 items.', status_code: 422 }) },
    { match: isTrackRequest },
  );
  const run = await h.run();
  t.same(h.requests(isTrackRequest).map((r) => (r.body as { awbs: string[] }).awbs.length), [2, 1, 1]);
  t.match(run.counts, { claimed: 2, updated: 2, failed: 0 });
  for (const awb of numbers) t.match(await h.shipment(awb), { active: true, status: 'in_transit', consecutiveFailures: 0 }, `${awb} answered on its own`);
});

t.test('a 400/422 for a batch of one AWB marks that AWB failed', async (t) => {
  const h = await startShiprocket(t);
  await h.register(['ODD1']);
  h.sim.server.injectFault(
    { kind: 'status', status: 422, body: JSON.stringify({ message: 'The awbs.0 format is invalid.', status_code: 422 }) },
    { match: isTrackRequest },
  );
  const run = await h.run();
  t.match(run.counts, { claimed: 1, failed: 1 });
  t.match(await h.shipment('ODD1'), { active: false, inactiveReason: 'failed', lastError: /answered 422: .*format is invalid/ });
});

t.test('one result per AWB: absent from the map, or track_status 0 → not found', async (t) => {
  for (const mode of ['omit', 'track_status_0'] as const) {
    t.test(mode, async (t) => {
      const h = await startShiprocket(t, { sim: { unknownAwbs: mode } });
      h.sim.setShipment('KNOWN1', { currentStatus: 'Delivered', activities: [scan(7, '2025-12-31 18:00:00')] });
      h.sim.setShipment('EMPTY1', { trackStatus: 0 });
      await h.register(['KNOWN1', 'EMPTY1', 'MISSING1']);
      const run = await h.run();
      t.match(run.counts, { claimed: 3, updated: 1, notFound: 2 });
      t.equal((await h.shipment('KNOWN1')).status, 'delivered');
      for (const awb of ['EMPTY1', 'MISSING1']) {
        const s = await h.shipment(awb);
        t.equal(s.status, 'info_received');
        t.equal(s.active, true, `${awb} is polled again later`);
        t.match(s.lastError, /^not found: /);
      }
      t.match((await h.shipment('EMPTY1')).lastError, /no activities found/);
    });
  }
});

t.test('an empty answer written as [] or {} means every AWB is unknown', async (t) => {
  for (const body of ['[]', '{}']) {
    const h = await startShiprocket(t);
    await h.register(['A1', 'A2']);
    h.sim.server.injectFault({ kind: 'status', status: 200, body }, { match: isTrackRequest });
    const run = await h.run();
    t.match(run.counts, { notFound: 2, failed: 0 }, body);
  }
});

t.test('401: exactly one re-login and one retry; refreshes respect the 60 s minimum interval', async (t) => {
  const h = await startShiprocket(t);
  for (const awb of ['T1', 'T2', 'T3']) h.sim.setShipment(awb, { currentStatus: 'Picked Up', activities: [scan(42, '2025-12-31 09:00:00')] });
  await h.register(['T1']);
  await h.run();
  t.equal(h.sim.logins, 1);

  h.clock.advance(120_000);
  h.sim.revokeTokens();
  await h.register(['T2']);
  const before = h.sim.trackRequests.length;
  const retried = await h.run();
  t.equal(retried.state, 'succeeded');
  t.equal(h.sim.logins, 2, 'one re-login');
  t.equal(h.sim.trackRequests.length - before, 2, 'the 401 and one retry');
  t.equal((await h.shipment('T2')).status, 'in_transit');

  h.clock.advance(30_000);
  h.sim.revokeTokens();
  await h.register(['T3']);
  const refused = await h.run();
  t.equal(refused.state, 'failed', 'no new token within 60 s of the last login');
  t.match(refused.error, /authentication failed/);
  t.equal(h.sim.logins, 2, 'the login was not hammered');
  t.match(await h.shipment('T3'), { status: 'info_received', active: true, consecutiveFailures: 0, lastCheckedAt: null, lastError: null }, 'T3 given back untouched');
  t.match(refused.counts, { claimed: 1, failed: 0 });
  t.equal((await courierView(h)).paused, false, 'a refused refresh is no refused login: the courier is not paused');

  h.clock.advance(61_000);
  const later = await h.run();
  t.equal(later.state, 'succeeded');
  t.equal(h.sim.logins, 3, 'a minute later the login is tried again');
  t.equal((await h.shipment('T3')).status, 'in_transit');
});

t.test('wrong credentials: login refused, the courier pauses for an hour, shipments untouched', async (t) => {
  const h = await startShiprocket(t, { credentials: { password: 'wrong-password-0000' } });
  await h.register(['W1', 'W2']);
  const run = await h.run();
  t.equal(run.state, 'failed');
  t.match(run.error, /^authentication failed: .*login was refused.*answered 401/);
  t.match(run.counts, { claimed: 2, failed: 0 });
  for (const awb of ['W1', 'W2']) {
    t.match(await h.shipment(awb), { active: true, status: 'info_received', consecutiveFailures: 0, lastCheckedAt: null, lastError: null }, `${awb} untouched`);
  }
  t.match(await courierView(h), { paused: true, pausedUntil: at(HOUR), pauseReason: /^login refused: check the credentials/ });
  t.equal(h.requests(isLoginRequest).length, 1);
  t.equal(h.requests(isTrackRequest).length, 0, 'no tracking call without a token');
  t.equal((await h.run()).state, 'skipped', 'no second login while paused');
  t.equal(h.requests(isLoginRequest).length, 1);
  h.clock.advance(HOUR);
  t.equal((await h.run()).state, 'failed', 'an hour later the login is tried again');
  t.equal(h.requests(isLoginRequest).length, 2);
  t.notOk(h.logs.some((l) => l.includes('wrong-password-0000')), 'the password never reaches the logs');
});

t.test('429 pauses the courier until the time the answer names', async (t) => {
  const unix = Math.floor(Date.parse(START) / 1000) + 1200;
  const cases: [string, Record<string, string>, string][] = [
    ['Retry-After seconds', { 'Retry-After': '120' }, at(120_000)],
    ['Retry-After HTTP date', { 'Retry-After': 'Thu, 01 Jan 2026 00:10:00 GMT' }, at(600_000)],
    ['X-RateLimit-Reset unix time', { 'X-RateLimit-Reset': String(unix) }, at(1_200_000)],
    ['no header: the 5-minute default', {}, at(300_000)],
  ];
  for (const [name, headers, until] of cases) {
    t.test(name, async (t) => {
      const h = await startShiprocket(t);
      await h.register(['RL1', 'RL2']);
      h.sim.server.injectFault(
        { kind: 'status', status: 429, headers, body: JSON.stringify({ message: 'You have exceeded the API call rate limit', status_code: 429 }) },
        { match: isTrackRequest },
      );
      const run = await h.run();
      t.equal(run.state, 'paused', 'the run ends paused');
      t.match(run.error, /429/);
      t.equal((await courierView(h)).pausedUntil, until);
      t.match(await h.shipment('RL1'), { status: 'info_received', lastCheckedAt: null }, 'the batch was given back untouched');
      t.equal((await h.run()).state, 'skipped', 'the next run waits for the pause');
    });
  }
});

t.test('403 cools the courier down for 8 minutes', async (t) => {
  const h = await startShiprocket(t);
  await h.register(['F1']);
  h.sim.server.injectFault(
    { kind: 'status', status: 403, body: JSON.stringify({ message: 'Unauthorized. You do not have permission for this action.', status_code: 403 }) },
    { match: isTrackRequest },
  );
  const run = await h.run();
  t.equal(run.state, 'paused', 'the run ends paused');
  t.equal((await courierView(h)).pausedUntil, at(8 * 60_000));
});

t.test('malformed, truncated, 500 and error-envelope bodies fail the batch; shipments keep their status', async (t) => {
  const faults = [
    { kind: 'malformed' as const },
    { kind: 'truncated' as const },
    { kind: 'status' as const, status: 500, body: JSON.stringify({ message: 'Invalid argument supplied for foreach()', status_code: 500 }) },
    { kind: 'status' as const, status: 200, body: JSON.stringify({ message: 'Something went wrong', status_code: 400 }) },
  ];
  for (const fault of faults) {
    t.test(`${fault.kind}${'status' in fault ? ` ${fault.status}` : ''}`, async (t) => {
      const h = await startShiprocket(t);
      for (const awb of ['M1', 'M2']) h.sim.setShipment(awb, { currentStatus: 'Out For Delivery', activities: [scan(17, '2025-12-31 09:00:00')] });
      await h.register(['M1', 'M2']);
      await h.run();
      t.equal((await h.shipment('M1')).status, 'out_for_delivery');
      h.clock.advance(3 * HOUR);
      h.sim.setShipment('M1', { currentStatus: 'Delivered', activities: [scan(7, '2025-12-31 12:00:00')] });
      h.sim.server.injectFault(fault, { match: isTrackRequest });
      const run = await h.run();
      t.match(run.counts, { claimed: 2, failed: 2 });
      t.match(await h.shipment('M1'), { status: 'out_for_delivery', active: true, consecutiveFailures: 1 });
    });
  }
});
