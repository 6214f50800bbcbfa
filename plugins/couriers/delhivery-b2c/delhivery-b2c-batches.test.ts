import t from 'tap';
import { COURIER, START, TOKEN, startB2c } from './test-setup.js';

const inTransit = { status: 'In Transit', statusType: 'UD' } as const;

t.test('batches: 51 due shipments go out as 50 + 1 waybills, one request each', async (t) => {
  const { sim, register, run } = await startB2c(t);
  const awbs = Array.from({ length: 51 }, (_, i) => String(1_000_000 + i));
  for (const awb of awbs) sim.setShipment(awb, inTransit);
  await register(awbs.map((trackingNumber) => ({ trackingNumber })));
  const result = await run();
  const sizes = sim.trackRequests.map((r) => r.query.waybill!.split(',').length).sort((a, b) => b - a);
  t.same(sizes, [50, 1]);
  t.equal(result.counts.requests, 2);
  t.equal(result.counts.updated, 51);
  t.same(new Set(sim.trackRequests.flatMap((r) => r.query.waybill!.split(','))), new Set(awbs), 'every waybill asked once');
});

t.test('the simulator refuses more than 50 waybills like the seed says Delhivery does', async (t) => {
  const { sim } = await startB2c(t);
  const waybill = Array.from({ length: 51 }, (_, i) => String(i)).join(',');
  const res = await fetch(`${sim.url}/api/v1/packages/json/?waybill=${waybill}`, { headers: { authorization: `Token ${TOKEN}` } });
  t.equal(res.status, 400);
});

t.test('a waybill left out of the batch answer is one not-found result, the rest are updated', async (t) => {
  const { sim, register, run, view } = await startB2c(t);
  sim.setShipment('70001', inTransit);
  sim.setShipment('70002', inTransit);
  await register([{ trackingNumber: '70001' }, { trackingNumber: '70002' }, { trackingNumber: '70003' }]);
  const result = await run();
  t.equal(result.counts.updated, 2);
  t.equal(result.counts.notFound, 1);
  const missing = await view('70003');
  t.equal(missing.active, true, 'still tracked');
  t.match(missing.lastError, /left this waybill out/);
});

t.test('a batch refused as a whole: every number not found for now, none stopped', async (t) => {
  const { sim, register, run, view } = await startB2c(t, { unknownWaybills: 'reject-batch' });
  sim.setShipment('71001', inTransit);
  await register([{ trackingNumber: '71001' }, { trackingNumber: '71002' }]);
  const result = await run();
  t.equal(result.counts.notFound, 2);
  t.equal(result.counts.stopped, 0);
  for (const tn of ['71001', '71002']) {
    const s = await view(tn);
    t.equal(s.active, true, `${tn} keeps being tracked`);
    t.match(s.lastError, /refused the whole batch of 2 waybills/);
  }
});

t.test('a single unknown waybill (Success: false) is not found, and tracking goes on', async (t) => {
  const { register, run, view } = await startB2c(t);
  await register([{ trackingNumber: '72001' }]);
  const result = await run();
  t.equal(result.counts.notFound, 1);
  const s = await view('72001');
  t.equal(s.active, true);
  t.match(s.lastError, /not found: Delhivery: No such waybill or Order Id found/);
});

t.test('auth: the static token is sent; a 401 fails the run after one request (nothing to refresh)', async (t) => {
  const { sim, register, run, view, later, logs } = await startB2c(t);
  sim.setShipment('73001', inTransit);
  await register([{ trackingNumber: '73001' }]);
  t.equal((await run()).state, 'succeeded');
  t.equal(sim.trackRequests[0]!.headers.authorization, `Token ${TOKEN}`);
  sim.revokeTokens();
  later();
  const before = sim.trackRequests.length;
  const failed = await run();
  t.equal(failed.state, 'failed');
  t.match(failed.error, /authentication failed/);
  t.equal(sim.trackRequests.length - before, 1, 'no retry: a static key cannot be refreshed');
  const s = await view('73001');
  t.equal(s.status, 'in_transit', 'status kept');
  t.equal(s.active, true, 'an account problem never stops a shipment');
  t.notOk(logs.some((l) => l.includes(TOKEN)), 'the token never appears in the logs');
});

const startMs = Date.parse(START);
const RATE_LIMITS: { name: string; headers: Record<string, string>; until: number }[] = [
  { name: 'Retry-After in seconds', headers: { 'Retry-After': '120' }, until: startMs + 120_000 },
  { name: 'Retry-After as an HTTP date', headers: { 'Retry-After': 'Tue, 10 Mar 2026 05:00:00 GMT' }, until: Date.parse('2026-03-10T05:00:00Z') },
  { name: 'X-RateLimit-Reset as unix time', headers: { 'X-RateLimit-Reset': String(startMs / 1000 + 900) }, until: startMs + 900_000 },
];

for (const limit of RATE_LIMITS) {
  t.test(`429 with ${limit.name} pauses the courier until then and fails the run`, async (t) => {
    const { sim, register, run, view, courier } = await startB2c(t);
    sim.setShipment('74001', inTransit);
    await register([{ trackingNumber: '74001' }]);
    sim.server.injectFault({ kind: 'status', status: 429, headers: limit.headers });
    const result = await run();
    t.equal(result.state, 'failed');
    t.match(result.error, /429/);
    t.equal((await courier()).pausedUntil, new Date(limit.until).toISOString());
    const s = await view('74001');
    t.equal(s.status, 'info_received');
    t.equal(s.active, true);
    t.equal((await run()).state, 'skipped', 'the next run is skipped while paused');
    t.equal(sim.trackRequests.length, 1);
  });
}

t.test('403 cools the courier down for 8 minutes', async (t) => {
  const { sim, register, run, courier } = await startB2c(t);
  await register([{ trackingNumber: '75001' }]);
  sim.server.injectFault({ kind: 'status', status: 403, body: '{"message":"Forbidden"}' });
  const result = await run();
  t.equal(result.state, 'failed');
  t.equal((await courier()).pausedUntil, new Date(startMs + 8 * 60_000).toISOString());
});

for (const kind of ['malformed', 'truncated'] as const) {
  t.test(`a ${kind} body counts as failed and keeps the shipment's status`, async (t) => {
    const { sim, register, run, view, later } = await startB2c(t);
    sim.setShipment('76001', inTransit);
    await register([{ trackingNumber: '76001' }]);
    await run();
    later();
    sim.server.injectFault({ kind });
    const result = await run();
    t.equal(result.counts.failed, 1);
    const s = await view('76001');
    t.equal(s.status, 'in_transit');
    t.equal(s.active, true);
    t.match(s.lastError, kind === 'malformed' ? /non-JSON/ : /cut off|truncated/);
  });
}
