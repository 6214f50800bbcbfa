import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const T0 = '2026-05-01T10:00:00.000Z';
const isTrack = (r: { path: string }) => r.path === '/v1/tracking/batch';

async function pausedUntil(app: Awaited<ReturnType<typeof startSandboxApp>>['app']) {
  const res = await app.inject({ method: 'GET', url: '/v1/couriers/sandbox' });
  return res.json() as { paused: boolean; pausedUntil: string | null; pauseReason: string | null };
}

t.test('429 pauses the courier until the time its headers say, in every dialect', async (t) => {
  const forms: [string, Record<string, string>, string][] = [
    ['Retry-After seconds', { 'Retry-After': '120' }, '2026-05-01T10:02:00.000Z'],
    ['Retry-After HTTP date', { 'Retry-After': 'Fri, 01 May 2026 10:07:30 GMT' }, '2026-05-01T10:07:30.000Z'],
    ['X-RateLimit-Reset unix time', { 'X-RateLimit-Reset': String(Date.parse('2026-05-01T10:03:00Z') / 1000) }, '2026-05-01T10:03:00.000Z'],
    ['RateLimit-Reset delta', { 'RateLimit-Reset': '45' }, '2026-05-01T10:00:45.000Z'],
    ['no header at all: five minutes', {}, '2026-05-01T10:05:00.000Z'],
  ];
  for (const [name, headers, expected] of forms) {
    await t.test(name, async (t) => {
      const clock = new ManualClock(T0);
      const { app, sim, register, run } = await startSandboxApp(t, { clock });
      await register('SBX-DELIVERED-1', 'SBX-DELIVERED-2');
      sim.server.injectFault({ kind: 'status', status: 429, headers }, { match: isTrack });
      const result = await run();
      t.equal(result.state, 'paused');
      t.match(result.error, /answered 429/);
      t.match(await pausedUntil(app), { paused: true, pausedUntil: expected });
      const shipment = await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1');
      t.match(shipment, { status: 'info_received', consecutiveFailures: 0, lastCheckedAt: null }, 'a rate-limited batch is not counted as a failure');

      const skipped = await run();
      t.match(skipped, { state: 'skipped', pausedUntil: expected }, 'a run while paused is recorded as skipped with the resume time');
      clock.set(expected);
      clock.advance(1);
      const resumed = await run();
      t.match(resumed, { state: 'succeeded', counts: { claimed: 2, updated: 2 } }, 'the leases were released: the same shipments are polled after the pause');
    });
  }
});

t.test('403 cools the courier down for eight minutes', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  sim.server.injectFault({ kind: 'status', status: 403 }, { match: isTrack });
  t.match(await run(), { state: 'paused', error: /answered 403/ });
  t.match(await pausedUntil(app), { paused: true, pausedUntil: '2026-05-01T10:08:00.000Z', pauseReason: /forbidden/ });
  clock.advance(7 * 60_000);
  t.equal((await run()).state, 'skipped');
  clock.advance(60_001);
  t.equal((await run()).state, 'succeeded');
});

t.test('503 with a Retry-After is the courier asking for a pause: paused until then, nothing counted against the shipments', async (t) => {
  const clock = new ManualClock(T0);
  const { app, sim, register, run } = await startSandboxApp(t, { clock });
  await register('SBX-DELIVERED-1');
  sim.server.injectFault({ kind: 'status', status: 503, headers: { 'Retry-After': '90' } }, { match: isTrack, times: 1 });
  t.match(await run(), { state: 'paused', error: /answered 503 \(service unavailable\)/ });
  t.match(await pausedUntil(app), { paused: true, pausedUntil: '2026-05-01T10:01:30.000Z' });
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1'), { consecutiveFailures: 0, lastCheckedAt: null });
});

t.test('5xx, timeouts, resets, malformed and cut-off bodies are transient: counted, backed off, never thrown', async (t) => {
  const faults = [
    { kind: 'status', status: 503 },
    { kind: 'timeout' },
    { kind: 'stall' },
    { kind: 'reset' },
    { kind: 'malformed' },
    { kind: 'truncated' },
  ] as const;
  for (const fault of faults) {
    await t.test(fault.kind === 'status' ? '503' : fault.kind, async (t) => {
      const clock = new ManualClock(T0);
      const { app, sim, register, run } = await startSandboxApp(t, { clock });
      await register('SBX-DELIVERED-1', 'SBX-LOST-1');
      sim.server.injectFault(fault, { match: isTrack });
      const result = await run();
      t.match(result, { state: 'succeeded', counts: { claimed: 2, failed: 2, updated: 0 } });
      const s = (await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1'))!;
      t.match(s, { status: 'info_received', consecutiveFailures: 1, active: true });
      t.ok(s.lastError, 'the error is kept on the shipment');
      t.equal(s.nextCheckAt, '2026-05-01T10:00:05.000Z', 'first retry after the backoff base (sandbox: 5 s)');
    });
  }
});

t.test('a permanent error stops tracking the shipments of that batch', async (t) => {
  const { app, sim, register, run } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  await register('SBX-DELIVERED-1');
  sim.server.injectFault({ kind: 'status', status: 422, body: '{"error":"unprocessable"}' }, { match: isTrack });
  t.match(await run(), { state: 'succeeded', counts: { failed: 1 } });
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1'), { active: false, inactiveReason: 'failed', lastError: /answered 422/ });
});

t.test('errors and logs never carry the courier secret', async (t) => {
  const { app, sim, register, run, logs } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  await register('SBX-DELIVERED-1');
  sim.server.injectFault({ kind: 'status', status: 400, body: `{"error":"bad client_secret ${'sandbox-client-secret-0123456789'}"}` }, { match: isTrack });
  const result = await run();
  t.equal(result.counts.failed, 1);
  const shipment = (await app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1'))!;
  t.match(shipment.lastError, /bad client_secret \[redacted\]/, 'the courier echoed the secret and it was redacted');
  const calls = await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-DELIVERED-1' });
  t.notMatch(logs.join('\n') + JSON.stringify(result) + calls.body, /sandbox-client-secret-0123456789/);
});

t.test('courier words stored as a reason (not found, tracking ended) never carry a credential or an issued token', async (t) => {
  const { app, sim, register, run, logs } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  await register('SBX-DELIVERED-1');
  await run();
  const token = /^Bearer (.+)$/.exec(sim.server.requests.filter(isTrack).at(-1)!.headers.authorization!)![1]!;
  const echo = `unknown number for client sandbox-client-secret-0123456789 with token ${token}`;
  sim.server.injectFault({ kind: 'status', status: 200, body: JSON.stringify({ results: [], errors: [{ tracking_number: 'SBX-DELIVERED-1', message: echo }] }) }, { match: isTrack });
  const live = (await app.inject({ method: 'GET', url: '/v1/shipments/sandbox/SBX-DELIVERED-1?refresh=true' })).json();
  t.equal(live.lastError, 'not found: unknown number for client [redacted] with token [redacted]');
  t.notMatch(logs.join('\n'), new RegExp(`sandbox-client-secret-0123456789|${token}`));
});

t.test('a batch refused as a whole is halved until the culprit stands alone; the others are answered in the same run', async (t) => {
  const { app, sim, register, run } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  const numbers = ['SBX-DELIVERED-1', 'SBX-DELIVERED-2', 'SBX-LOST-1', 'SBX-RETRY-1', 'SBX-CANCELLED-1', 'SBX-DELIVERED-3', 'SBX-POISON-1', 'SBX-RETURNED-1'];
  await register(...numbers);
  const poisoned = (r: { path: string; body: unknown }) => isTrack(r) && JSON.stringify(r.body).includes('SBX-POISON-1');
  sim.server.injectFault({ kind: 'status', status: 422, body: '{"error":"invalid tracking number SBX-POISON-1"}' }, { match: poisoned, times: 100 });
  const result = await run();
  const sizes = sim.server.requests.filter(isTrack).map((r) => (r.body as { tracking_numbers: string[] }).tracking_numbers.length);
  t.same(sizes.sort(), [1, 1, 2, 2, 4, 4, 8], '8 → 4 + 4 → the poisoned 4 → 2 + 2 → the poisoned 2 → 1 + 1');
  t.match(result, { state: 'succeeded', counts: { claimed: 8, requests: 8, updated: 7, failed: 1 } }, 'seven tracking requests and one token request');
  t.match(await app.waybill.store.shipments.get('sandbox', 'SBX-POISON-1'), { active: false, inactiveReason: 'failed', lastError: /answered 422/ });
  for (const tn of numbers.filter((n) => n !== 'SBX-POISON-1')) {
    t.match(await app.waybill.store.shipments.get('sandbox', tn), { status: 'info_received', consecutiveFailures: 0, lastError: null, lastCheckedAt: T0 }, `${tn} was answered`);
  }
});

t.test('a run stopped while halves are queued gives their shipments back untouched', async (t) => {
  const { app, sim, register, run } = await startSandboxApp(t, { clock: new ManualClock(T0) });
  await register('SBX-DELIVERED-1', 'SBX-DELIVERED-2', 'SBX-DELIVERED-3', 'SBX-DELIVERED-4');
  sim.server.injectFault({ kind: 'status', status: 400, body: '{"error":"refused"}' }, { match: isTrack });
  sim.server.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '60' } }, { match: isTrack });
  t.match(await run(), { state: 'paused', error: /429/, counts: { claimed: 4, failed: 0 } });
  for (const tn of ['SBX-DELIVERED-1', 'SBX-DELIVERED-4']) {
    t.match(await app.waybill.store.shipments.get('sandbox', tn), { lastCheckedAt: null, consecutiveFailures: 0 }, `${tn} untouched`);
  }
  t.match(await app.waybill.store.shipments.claimDue('sandbox', { owner: 'other', now: new Date(Date.parse(T0) + 61_000), limit: 10, leaseMs: 60_000 }), { length: 4 }, 'no lease is left behind');
});
