import t, { type Test } from 'tap';
import type { StoryName } from './sim-stories.js';
import { COURIER, START, isTokenRequest, isTrackRequest, startUsps, trackingNumbers, type UspsHarness } from './testing.js';

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

/** `status` or `status/substatus`, as the API shows a shipment and its history. */
const label = (s: { status: string; substatus: string | null }) => (s.substatus ? `${s.status}/${s.substatus}` : s.status);

/** Register over HTTP, as a shop does. */
async function register(t: Test, h: UspsHarness, numbers: readonly string[], orderIds: readonly string[] = numbers.map((tn) => `order-${tn}`)) {
  const res = await h.app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments: numbers.map((trackingNumber, i) => ({ courier: COURIER, trackingNumber, orderId: orderIds[i] })) } });
  t.equal(res.statusCode, 201, 'registered');
}

/** Trigger a run over HTTP and wait for it to finish (the engine says when); returns the run as the API shows it. */
async function runOverHttp(h: UspsHarness) {
  const started = await h.app.inject({ method: 'POST', url: `/v1/couriers/${COURIER}/runs` });
  if (started.statusCode !== 202) throw new Error(`run not started: ${started.statusCode} ${started.body}`);
  const { runId } = started.json() as { runId: string };
  const current = await h.app.inject({ method: 'GET', url: `/v1/runs/${runId}` });
  if (current.json().state === 'running') {
    await new Promise<void>((resolve) => h.app.waybill.engine.onRunFinished((run) => run.id === runId && resolve()));
  }
  return (await h.app.inject({ method: 'GET', url: `/v1/runs/${runId}` })).json();
}

const lookup = async (h: UspsHarness, tn: string) => (await h.app.inject({ method: 'GET', url: `/v1/shipments/${COURIER}/${tn}` })).json();

t.test('five pieces walk their USPS stories over HTTP; each history reads in canonical terms', async (t) => {
  const h = await startUsps(t);
  const stories: StoryName[] = ['delivered', 'retried', 'pickup', 'returned', 'moved'];
  const numbers = trackingNumbers(stories.length);
  stories.forEach((story, i) => h.sim.ship(numbers[i]!, story, 1));
  await register(t, h, numbers);
  for (let step = 0; step < 11; step += 1) {
    if (step > 0) {
      h.clock.advance(13 * HOUR); // every status due again (the longest interval is 12 h)
      for (const tn of numbers) h.sim.advance(tn);
    }
    const run = await runOverHttp(h);
    t.match(run, { state: 'succeeded', counts: { failed: 0, unmapped: 0 } }, `step ${step}`);
  }
  const history = async (tn: string) => ((await lookup(h, tn)).history as { status: string; substatus: string | null }[]).map(label);
  t.same(await history(numbers[0]!), ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered/parcel_locker']);
  t.same(await history(numbers[1]!), ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed/receptacle_blocked', 'out_for_delivery', 'delivered/in_at_mailbox']);
  t.same(await history(numbers[2]!), ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed/no_authorized_recipient', 'available_for_pickup', 'delivered/picked_up']);
  t.same(await history(numbers[3]!), ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed/no_authorized_recipient', 'available_for_pickup', 'rto_initiated/unclaimed', 'rto_in_transit', 'rto_delivered']);
  t.same(await history(numbers[4]!), ['info_received', 'picked_up', 'in_transit', 'rto_initiated/moved_left_no_address', 'rto_in_transit', 'rto_delivered'], '"Delivered, In/At Mailbox" after the return scan is the sender\'s mailbox');

  const returned = await lookup(h, numbers[3]!);
  t.match(returned, { status: 'rto_delivered', rawStatus: 'Delivered', active: false, inactiveReason: 'terminal', orderId: `order-${numbers[3]}`, location: 'JAMAICA, NY 11430' });
  const scans = (returned.events as { code: string; canonicalStatus: string }[]).map((e) => `${e.code}:${e.canonicalStatus}`);
  t.same(scans, ['GX:info_received', '03:picked_up', 'TL:in_transit', '07:in_transit', 'OF:out_for_delivery', '56:delivery_failed', '16:available_for_pickup', '27:rto_initiated', 'TL:rto_in_transit', '07:rto_in_transit', '01:rto_delivered'], 'each scan as of its own time: the same codes read forward, then back');
  const delivered = await lookup(h, numbers[0]!);
  t.match(delivered, { status: 'delivered', rawStatus: 'Delivered', active: false, nextCheckAt: null });
  t.equal(h.requests(isTrackRequest).filter((r) => r.path.endsWith(numbers[0]!)).length, 9, 'asked once per scan, never after delivery');
});

t.test('the token expires in the middle of a run: one refresh shared by every worker, every number still updated', async (t) => {
  const h = await startUsps(t, { options: { workers: '3' } });
  const numbers = trackingNumbers(6);
  for (const tn of numbers) h.sim.ship(tn, 'delivered', 2);
  await register(t, h, numbers);
  // The first three requests are in flight together; while they are, the token reaches its end.
  h.sim.holdTracking(3, () => h.sim.expireTokens());
  const run = await runOverHttp(h);
  t.match(run, { state: 'succeeded', counts: { claimed: 6, updated: 6, failed: 0, leaseLost: 0 } });
  t.equal(h.requests(isTokenRequest).length, 2, 'the first token and exactly one refresh');
  const tracked = h.sim.server.requests.filter(isTrackRequest);
  const refused = h.sim.server.exchanges.filter((x) => isTrackRequest(x.request) && x.status === 401);
  t.equal(refused.length, 3, 'the three requests in flight met USPS 401');
  t.match(refused[0]!.body, /"message":"The access token has expired\."/);
  t.equal(tracked.length, 9, 'six numbers, three of them asked again: none more than twice');
  const [first, second] = [...new Set(tracked.map((r) => r.headers.authorization))];
  t.ok(first && second && first !== second, 'two tokens in all');
  t.same(refused.map((x) => x.request.headers.authorization), [first, first, first], 'the refused ones carried the expired token');
  t.equal(tracked.filter((r) => r.headers.authorization === second).length, 6, 'three retries and three new requests with the new one');
  for (const tn of numbers) t.match(await h.shipment(tn), { status: 'picked_up', lastError: null, consecutiveFailures: 0, lastCheckedAt: START }, `${tn} updated`);
});

t.test("USPS's 429 is honoured: the courier pauses until Retry-After, nothing is lost, it resumes after", async (t) => {
  const h = await startUsps(t, { options: { workers: '1' }, sim: { hourlyQuota: 3 } });
  const numbers = trackingNumbers(5);
  for (const tn of numbers) h.sim.ship(tn, 'delivered', 2);
  await register(t, h, numbers);
  const paused = await runOverHttp(h);
  t.match(paused, { state: 'paused', pausedUntil: at(HOUR), error: /429/, counts: { updated: 3, failed: 0 } });
  const limited = h.sim.server.requests.filter(isTrackRequest).length;
  t.equal(limited, 4, 'three answered, the fourth refused, the fifth never sent');
  t.match((await h.app.inject({ method: 'GET', url: `/v1/couriers/${COURIER}` })).json(), { paused: true, pausedUntil: at(HOUR) });
  const shipments = await Promise.all(numbers.map((tn) => h.shipment(tn)));
  const waiting = shipments.filter((s) => s.status === 'info_received');
  t.equal(shipments.filter((s) => s.status === 'picked_up').length, 3, 'three updated');
  t.same(waiting.map((s) => [s.lastCheckedAt, s.consecutiveFailures, s.lastError]), [[null, 0, null], [null, 0, null]], 'two waiting, the refused one given back untouched');

  h.clock.advance(HOUR - 60_000);
  t.match(await runOverHttp(h), { state: 'skipped', pausedUntil: at(HOUR) }, 'a minute early: no run, no request');
  t.equal(h.sim.server.requests.filter(isTrackRequest).length, limited);

  h.clock.advance(60_000);
  t.match(await runOverHttp(h), { state: 'succeeded', counts: { claimed: 2, updated: 2, failed: 0 } }, 'at the time USPS gave');
  t.same((await Promise.all(numbers.map((tn) => lookup(h, tn)))).map((s) => s.status), Array(5).fill('picked_up'), 'every number updated');
  t.equal(h.sim.server.requests.filter(isTrackRequest).length, 6, 'only the refused number was asked twice');
});
