import type { Test } from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { Store } from '../../core/store/port.js';
import { pruneOlderThan } from '../../core/store/retention.js';
import { emptyCounts, type RunState } from '../../core/store/types.js';

const DAY = 86_400_000;

/**
 * Retention, run by sqlite.test.ts and mongo.test.ts against their real stores: `open` gives a fresh,
 * empty, initialised store; the suite closes it. Time comes from a ManualClock, as in the service.
 */
export function runRetentionContract(t: Test, open: () => Promise<Store>): void {
  t.test('retention deletes finished runs with their API calls and delivered messages older than the days kept, nothing running or undelivered', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const T0 = clock.now();
    const day = (n: number) => new Date(T0.getTime() + n * DAY);

    const finishedRun = async (state: RunState, startedAt: Date) => {
      const run = await store.runs.create({ courier: 'c', trigger: 'manual', state: 'running', owner: 'a', startedAt });
      await store.runs.finish(run.id, { state, finishedAt: new Date(startedAt.getTime() + 60_000), counts: emptyCounts(), error: null, pausedUntil: null, unmappedStatuses: ['ODD'] });
      return run.id;
    };
    const callsOf = (runId: string | null, at: Date, n = 2) =>
      store.apiCalls.log(Array.from({ length: n }, () => ({ courier: 'c', runId, method: 'POST', path: '/track', status: 200, durationMs: 5, error: null, at })));

    const oldSucceeded = await finishedRun('succeeded', day(0));
    const oldFailed = await finishedRun('failed', day(1));
    const oldSkipped = (await store.runs.create({ courier: 'c', trigger: 'schedule', state: 'skipped', owner: 'a', startedAt: day(2) })).id;
    const stillRunning = (await store.runs.create({ courier: 'c', trigger: 'schedule', state: 'running', owner: 'a', startedAt: day(0) })).id;
    const recent = await finishedRun('succeeded', day(35));
    await callsOf(oldSucceeded, day(0));
    await callsOf(oldFailed, day(1));
    await callsOf(stillRunning, day(0));
    await callsOf(recent, day(35));
    await callsOf(null, day(3), 3); // live checks long ago
    await callsOf(null, day(36), 1); // a recent live check

    await store.outbox.enqueue(['delivered-old', 'dead-old', 'pending-old'].map((key) => ({ effect: 'slack', dedupKey: key, payload: { key } })), T0);
    const byKey = new Map((await store.outbox.claim({ owner: 'a', now: T0, limit: 10, leaseMs: 60_000 })).map((m) => [m.dedupKey, m]));
    t.ok(await store.outbox.complete(byKey.get('delivered-old')!.id, byKey.get('delivered-old')!.lease, day(0)));
    t.ok(await store.outbox.fail(byKey.get('dead-old')!.id, byKey.get('dead-old')!.lease, { error: 'gave up', retryAt: null }, day(0)));
    t.ok(await store.outbox.fail(byKey.get('pending-old')!.id, byKey.get('pending-old')!.lease, { error: 'later', retryAt: day(50) }, day(0)));
    await store.outbox.enqueue([{ effect: 'slack', dedupKey: 'delivered-recent', payload: {} }], day(35));
    const [fresh] = await store.outbox.claim({ owner: 'a', now: day(35), limit: 10, leaseMs: 60_000 });
    t.ok(await store.outbox.complete(fresh!.id, fresh!.lease, day(35)));

    clock.set(day(40));
    const pruned = await pruneOlderThan(store.retention, clock, 30);
    t.same(pruned, { before: day(10), runs: 3, apiCalls: 2 + 2 + 3, outboxMessages: 1 });

    for (const id of [oldSucceeded, oldFailed, oldSkipped]) t.equal(await store.runs.get(id), null, 'an old finished run is gone');
    t.equal((await store.apiCalls.forRun(oldSucceeded)).length, 0, 'its API calls with it');
    t.match(await store.runs.get(stillRunning), { state: 'running' }, 'a running run stays, however old');
    t.equal((await store.apiCalls.forRun(stillRunning)).length, 2, 'with its API calls');
    t.match(await store.runs.get(recent), { state: 'succeeded', unmappedStatuses: ['ODD'] }, 'a recent run stays');
    t.equal((await store.apiCalls.forRun(recent)).length, 2);
    t.equal(await store.apiCalls.count('c', T0), 2 + 2 + 1, 'what is left: the running and the recent run\'s calls, the recent live check');
    t.same(await store.outbox.counts(), { pending: 1, delivered: 1, dead: 1 }, 'pending and dead messages stay, however old; the recent delivery too');
    t.same((await store.outbox.list({ state: 'delivered' }, { limit: 10, offset: 0 })).items.map((d) => d.dedupKey), ['delivered-recent']);

    t.same(await pruneOlderThan(store.retention, clock, 30), { before: day(10), runs: 0, apiCalls: 0, outboxMessages: 0 }, 'a second prune finds nothing');
  });
}
