import t from 'tap';
import { START, startFallback } from './test-setup.js';

const startMs = Date.parse(START);
const RATE_LIMITS: { name: string; headers: Record<string, string>; until: number }[] = [
  { name: 'Retry-After in seconds', headers: { 'Retry-After': '300' }, until: startMs + 300_000 },
  { name: 'Retry-After as an HTTP date', headers: { 'Retry-After': 'Tue, 10 Mar 2026 06:00:00 GMT' }, until: Date.parse('2026-03-10T06:00:00Z') },
  { name: 'X-RateLimit-Reset as unix time', headers: { 'X-RateLimit-Reset': String(startMs / 1000 + 1200) }, until: startMs + 1_200_000 },
];

for (const limit of RATE_LIMITS) {
  t.test(`429 with ${limit.name} pauses the courier until then and fails the run`, async (t) => {
    const { sim, register, run, view, courier } = await startFallback(t);
    sim.setShipment('5000001', { status: 'IN_TRANSIT' });
    await register(['5000001']);
    sim.server.injectFault({ kind: 'status', status: 429, headers: limit.headers });
    const result = await run();
    t.equal(result.state, 'failed');
    t.match(result.error, /429/);
    t.equal((await courier()).pausedUntil, new Date(limit.until).toISOString());
    t.equal((await view('5000001')).active, true);
    t.equal((await run()).state, 'skipped');
  });
}

t.test('403 cools the courier down for 8 minutes', async (t) => {
  const { sim, register, run, courier } = await startFallback(t);
  await register(['5000002']);
  sim.server.injectFault({ kind: 'status', status: 403 });
  t.equal((await run()).state, 'failed');
  t.equal((await courier()).pausedUntil, new Date(startMs + 8 * 60_000).toISOString());
});

for (const kind of ['malformed', 'truncated'] as const) {
  t.test(`a ${kind} body counts as failed and keeps the shipment's status`, async (t) => {
    const { sim, register, run, view, later } = await startFallback(t);
    sim.setShipment('5000003', { status: 'IN_TRANSIT' });
    await register(['5000003']);
    await run();
    later();
    sim.server.injectFault({ kind });
    const result = await run();
    t.equal(result.counts.failed, 1);
    const s = await view('5000003');
    t.equal(s.status, 'in_transit');
    t.equal(s.active, true);
  });
}
