import t from 'tap';
import { readFixture, replayFixture } from 'waybill/testing';
import { startTestApp } from '../../../test/helpers/app.js';
import { LEGACY_EXPECTED, LIFECYCLE_EXPECTED } from '../../shared/delhivery/expected-mappings.js';
import fallback, { DOCUMENTED_STATUSES } from './index.js';
import { END_STATE_MESSAGE, INVALID_MESSAGE } from './simulator.js';
import { COURIER, startFallback } from './testing.js';

/** Without a pickup date, UD + Pending falls to the legacy "Pending": no change. */
const EXPECTED = new Map<string, string | null>([
  ...LEGACY_EXPECTED,
  ...[...LIFECYCLE_EXPECTED, ['UD|Pending', null] as const].map(([k, v]) => [k, v] as const),
]);
/** Spacing and quota declared as the seed says would only slow these single-call tests down. */
const key = (d: { status: string; type?: string }) => (d.type ? `${d.type}|${d.status}` : d.status);

t.test('every documented status (legacy table + typed lifecycle) maps as expected through the engine', async (t) => {
  t.same(DOCUMENTED_STATUSES.map(key).sort(), [...EXPECTED.keys()].sort(), 'expectations cover exactly the documented list');
  const { sim, register, run, view } = await startFallback(t);
  const awbs = DOCUMENTED_STATUSES.map((_, i) => String(3_000_000 + i));
  DOCUMENTED_STATUSES.forEach((d, i) => sim.setShipment(awbs[i]!, { status: d.status, ...(d.type ? { statusType: d.type } : {}) }));
  await register(awbs);
  const result = await run();
  t.equal(result.counts.unmapped, 0, 'no documented status is unmapped');
  t.equal(result.counts.requests, awbs.length, 'one request per waybill');
  for (const [i, d] of DOCUMENTED_STATUSES.entries()) {
    const s = await view(awbs[i]!);
    const expected = EXPECTED.get(key(d));
    t.equal(s.status, expected ?? 'info_received', `${key(d)} → ${expected ?? 'no change'}`);
    t.equal(s.rawStatus, d.type ? `${d.type}-${d.status}` : d.status);
  }
});

t.test('end-state answers stop tracking: shipment inactive, reason "stopped", never asked again', async (t) => {
  const { sim, register, run, view, later } = await startFallback(t);
  sim.setShipment('4000001', { status: 'IN_TRANSIT' });
  await register(['4000001', '4000002']); // 4000002 is unknown: "invalid AWB or very old package"
  t.equal((await run()).counts.stopped, 1, 'the invalid waybill stops at once');
  sim.endShipment('4000001');
  later();
  t.equal((await run()).counts.stopped, 1, 'the ended one stops when Delhivery says so');
  for (const [awb, message] of [['4000001', END_STATE_MESSAGE], ['4000002', INVALID_MESSAGE]] as const) {
    const s = await view(awb);
    t.equal(s.active, false, `${awb} no longer tracked`);
    t.equal(s.inactiveReason, 'stopped');
    t.equal(s.nextCheckAt, null);
    t.ok(s.lastError?.includes(message), `lastError says why: ${message}`);
  }
  t.equal((await view('4000001')).status, 'in_transit', 'the last known status is kept');
  const asked = sim.trackRequests.length;
  later(24);
  await run();
  t.equal(sim.trackRequests.length, asked, 'stopped shipments are not asked again');
});

t.test('the Origin/Referer settings are sent; a wrong origin is refused like the real endpoint does', async (t) => {
  const { sim, register, run, view } = await startFallback(t);
  sim.setShipment('4100001', { status: 'Dispatched', statusType: 'UD' });
  await register(['4100001']);
  await run();
  const request = sim.trackRequests[0]!;
  t.same(request.query, { wbn: '4100001' });
  t.equal(request.headers.origin, 'https://www.delhivery.com');
  t.equal(request.headers.referer, 'https://www.delhivery.com/');
  t.notOk(request.headers.authorization, 'no credential sent to the public endpoint');
  t.equal((await view('4100001')).status, 'out_for_delivery');

  const wrong = await startFallback(t, { WAYBILL_COURIER_DELHIVERY_FALLBACK_ORIGIN: 'https://example.com' });
  await wrong.register(['4100002']);
  const refused = await wrong.run();
  t.equal(refused.state, 'failed');
  t.match(refused.error, /401/);
});

t.test('an empty answer with another message is not found, and tracking goes on', async (t) => {
  const { sim, register, run, view } = await startFallback(t);
  await register(['4200001']);
  sim.server.injectFault({ kind: 'status', status: 200, body: JSON.stringify({ statusCode: 200, message: 'Something went wrong', data: [] }) });
  t.equal((await run()).counts.notFound, 1);
  t.equal((await view('4200001')).active, true);
});

t.test('spacing and pacing are declared as the seed says', async (t) => {
  const { declaration } = fallback;
  t.equal(declaration.spacingMs, 5_000);
  t.equal(declaration.concurrency, 3);
  t.equal(declaration.batchSize, 1);
  t.same(declaration.schedule, { cron: '0 */2 * * *', runOnStart: true, maxPerRun: 4_320 });
  const { app } = await startTestApp(t, { couriers: [fallback] });
  const summary = (await app.inject({ url: `/v1/couriers/${COURIER}` })).json();
  t.equal(summary.minTimeMs, 1_667, 'three workers 5 s apart: one call every 1.67 s');
});

t.test('a batch size above one waybill per request is refused at start, naming the variable', async (t) => {
  await t.rejects(
    startFallback(t, { WAYBILL_COURIER_DELHIVERY_FALLBACK_BATCH_SIZE: '2' }),
    /WAYBILL_COURIER_DELHIVERY_FALLBACK_BATCH_SIZE: 2 is more than .* accepts in one request \(1\)/,
  );
});

t.test('fixture replay: the live LOST capture parses (LT type on the scan, empty scan times)', async (t) => {
  const fixture = readFixture(new URL('./fixtures/', import.meta.url), 'track-lost.json');
  const { sim, register, run, view } = await startFallback(t);
  await register(['39777010000022']);
  replayFixture(sim.server, fixture, () => true);
  await run();
  t.same(sim.trackRequests[0]!.query, fixture.request.query);
  const s = await view('39777010000022');
  t.equal(s.status, 'lost');
  t.equal(s.rawStatus, 'LOST');
  t.equal(s.inactiveReason, 'terminal');
  t.equal(s.statusFirstSeen.lost, '2026-03-08T10:22:45.307Z', 'statusDateTime read as IST');
  t.equal(s.events.length, 0, 'scans without a time are not stored');
});
