import t from 'tap';
import { TRACK_PATH } from './adapter.js';
import { START, startB2b } from './test-setup.js';

const startMs = Date.parse(START);
const onTrack = { match: (r: { path: string }) => r.path === TRACK_PATH };

const RATE_LIMITS: { name: string; headers: Record<string, string>; until: number }[] = [
  { name: 'Retry-After in seconds', headers: { 'Retry-After': '90' }, until: startMs + 90_000 },
  { name: 'Retry-After as an HTTP date', headers: { 'Retry-After': 'Tue, 10 Mar 2026 04:45:00 GMT' }, until: Date.parse('2026-03-10T04:45:00Z') },
  { name: 'X-RateLimit-Reset as unix time', headers: { 'X-RateLimit-Reset': String(startMs / 1000 + 600) }, until: startMs + 600_000 },
];

for (const limit of RATE_LIMITS) {
  t.test(`429 with ${limit.name} pauses the courier until then and fails the run`, async (t) => {
    const { sim, register, run, view, courier } = await startB2b(t);
    sim.setLr('LR1', { status: 'PICKED_UP' });
    await register(['LR1']);
    sim.server.injectFault({ kind: 'status', status: 429, headers: limit.headers }, onTrack);
    const result = await run();
    t.equal(result.state, 'failed');
    t.match(result.error, /429/);
    t.equal((await courier()).pausedUntil, new Date(limit.until).toISOString());
    t.equal((await view('LR1')).status, 'info_received');
    t.equal((await run()).state, 'skipped', 'the next run is skipped while paused');
  });
}

t.test('403 cools the courier down for 8 minutes', async (t) => {
  const { sim, register, run, courier } = await startB2b(t);
  await register(['LR2']);
  sim.server.injectFault({ kind: 'status', status: 403 }, onTrack);
  t.equal((await run()).state, 'failed');
  t.equal((await courier()).pausedUntil, new Date(startMs + 8 * 60_000).toISOString());
});

for (const kind of ['malformed', 'truncated'] as const) {
  t.test(`a ${kind} body counts as failed and keeps the shipment's status`, async (t) => {
    const { sim, register, run, view, later } = await startB2b(t);
    sim.setLr('LR3', { status: 'PICKED_UP' });
    await register(['LR3']);
    await run();
    later();
    sim.server.injectFault({ kind }, onTrack);
    const result = await run();
    t.equal(result.counts.failed, 1);
    const s = await view('LR3');
    t.equal(s.status, 'in_transit');
    t.equal(s.active, true);
  });
}
