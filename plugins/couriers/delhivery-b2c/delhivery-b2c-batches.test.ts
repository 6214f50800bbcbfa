import t from 'tap';
import { START, TOKEN, startB2c } from './testing.js';

const inTransit = { status: 'In Transit', statusType: 'UD' } as const;
const asked = (requests: { query: Record<string, string> }[]) => requests.map((r) => r.query.waybill!.split(',').length);

t.test('51 due shipments go out as 50 + 1 waybills, each waybill asked once, with the token header', async (t) => {
  const { sim, register, run } = await startB2c(t);
  const awbs = Array.from({ length: 51 }, (_, i) => String(1_000_000 + i));
  for (const awb of awbs) sim.setShipment(awb, inTransit);
  await register(awbs.map((trackingNumber) => ({ trackingNumber })));
  const result = await run();
  t.same(asked(sim.trackRequests).sort((a, b) => b - a), [50, 1]);
  t.match(result.counts, { requests: 2, updated: 51 });
  t.same(new Set(sim.trackRequests.flatMap((r) => r.query.waybill!.split(','))), new Set(awbs), 'every waybill asked once');
  t.ok(sim.trackRequests.every((r) => r.headers.authorization === `Token ${TOKEN}`), 'Authorization: Token <key>');
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
  t.match((await run()).counts, { updated: 2, notFound: 1 });
  t.match(await view('70003'), { active: true, lastError: /left this waybill out/ }, 'still tracked, and says why');
});

t.test('one unknown waybill makes Delhivery refuse the whole batch: halves are asked until it stands alone', async (t) => {
  const { sim, register, run, view } = await startB2c(t, { unknownWaybills: 'reject-batch' });
  const known = ['71001', '71002', '71003', '71004', '71005', '71006', '71007'];
  for (const awb of known) sim.setShipment(awb, inTransit);
  await register([...known, '71999'].map((trackingNumber) => ({ trackingNumber })));
  const result = await run();
  t.same(asked(sim.trackRequests).sort((a, b) => b - a), [8, 4, 4, 2, 2, 1, 1], '8 → 4 + 4 → 2 + 2 → 1 + 1');
  t.match(result.counts, { claimed: 8, updated: 7, notFound: 1, failed: 0, stopped: 0 });
  for (const awb of known) t.match(await view(awb), { status: 'in_transit', lastError: null }, `${awb} answered in the same run`);
  t.match(await view('71999'), { active: true, lastError: /not found: Delhivery: No such waybill or Order Id found/ }, 'the unknown one is not found, and still tracked');
});

t.test('a single unknown waybill (Success: false) is not found, and tracking goes on', async (t) => {
  const { register, run, view } = await startB2c(t);
  await register([{ trackingNumber: '72001' }]);
  t.equal((await run()).counts.notFound, 1);
  t.match(await view('72001'), { active: true, lastError: /not found: Delhivery: No such waybill or Order Id found/, lastCheckedAt: START });
});
