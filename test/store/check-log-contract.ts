import type { Test } from 'tap';
import type { CheckRecord } from '../../core/store/check-log.js';
import type { Store } from '../../core/store/port.js';
import type { CheckWrite } from '../../core/store/types.js';
import { applyCheck } from './writes.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const check = (overrides: Partial<CheckRecord>): CheckRecord => ({
  shipmentId: 's1',
  courier: 'c',
  trackingNumber: 'N1',
  trigger: 'scheduled',
  triggeredBy: 'system',
  runId: 'run-1',
  success: true,
  httpStatus: 200,
  responseTimeMs: 120,
  error: null,
  previousStatus: 'info_received',
  newStatus: 'in_transit',
  eventsAdded: 2,
  at: at(0),
  ...overrides,
});

const failedCheck = (failures: number): CheckWrite => ({
  checkedAt: at(1),
  nextCheckAt: at(60),
  consecutiveFailures: failures,
  lastError: 'the courier answered 503',
  active: true,
  inactiveReason: null,
  events: [],
});

/**
 * What operators read (the check audit log, the API-usage counts, shipments by their consecutive failures),
 * run by sqlite.test.ts and mongo.test.ts against their real stores.
 */
export function runCheckLogContract(t: Test, open: () => Promise<Store>): void {
  t.test('the check log keeps every field, lists newest first per shipment, courier and time, pages, and prunes by age', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const first = check({});
    await store.checks.record([first, check({ shipmentId: 's2', trackingNumber: 'N2', at: at(1), trigger: 'manual', triggeredBy: 'key-1', runId: null })]);
    await store.checks.record([
      check({ at: at(2), trigger: 'retry', success: false, httpStatus: 500, responseTimeMs: 30, error: 'courier answered 500', previousStatus: 'in_transit', newStatus: 'in_transit', eventsAdded: 0 }),
      check({ shipmentId: 's3', courier: 'd', trackingNumber: 'M1', at: at(3), trigger: 'webhook', runId: null, httpStatus: null, responseTimeMs: null }),
    ]);
    await store.checks.record([]);

    const ofS1 = await store.checks.list({ shipmentId: 's1' }, { limit: 10, offset: 0 });
    t.equal(ofS1.total, 2);
    t.same(ofS1.items.map((c) => c.trigger), ['retry', 'scheduled'], 'newest first');
    t.same(ofS1.items[1], first, 'every field as written');
    t.match(ofS1.items[0], { success: false, httpStatus: 500, error: 'courier answered 500', eventsAdded: 0 });

    const all = await store.checks.list({}, { limit: 2, offset: 1 });
    t.equal(all.total, 4);
    t.same(all.items.map((c) => c.at.toISOString()), [at(2), at(1)].map((d) => d.toISOString()), 'a page of the newest first');
    t.same((await store.checks.list({ courier: 'c', since: at(1) }, { limit: 10, offset: 0 })).items.map((c) => c.trackingNumber), ['N1', 'N2'], 'by courier and time');
    t.same((await store.checks.list({ courier: 'd' }, { limit: 10, offset: 0 })).items.map((c) => c.trigger), ['webhook']);

    t.equal(await store.checks.prune(at(2)), 2, 'the checks before the cut-off');
    t.same((await store.checks.list({}, { limit: 10, offset: 0 })).items.map((c) => c.at.toISOString()), [at(3), at(2)].map((d) => d.toISOString()));
  });

  t.test('API usage counts the logged calls per courier and UTC hour: requests, 429s and failures, within [from, to)', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const call = (courier: string, minutes: number, status: number | null, error: string | null = null) => ({
      courier, runId: null, method: 'POST', path: '/track', status, durationMs: 10, error, at: at(minutes),
    });
    await store.apiCalls.log([
      call('c', -1, 200), // 09:59, before the window
      call('c', 0, 200),
      call('c', 5, 429),
      call('c', 10, 503),
      call('c', 15, null, 'no answer within 1500 ms'),
      call('d', 20, 200),
      call('c', 65, 200), // 11:05
      call('c', 125, 200), // 12:05: at `to`, outside
    ]);
    const usage = await store.apiCalls.usage({ from: at(0), to: at(120) });
    t.same(usage, [
      { courier: 'c', hour: '2026-03-01T10:00:00.000Z', requests: 4, rateLimited: 1, failed: 2 },
      { courier: 'd', hour: '2026-03-01T10:00:00.000Z', requests: 1, rateLimited: 0, failed: 0 },
      { courier: 'c', hour: '2026-03-01T11:00:00.000Z', requests: 1, rateLimited: 0, failed: 0 },
    ]);
    t.same(
      (await store.apiCalls.usage({ courier: 'd', from: at(0), to: at(120) })).map((u) => u.courier),
      ['d'],
      'one courier',
    );
  });

  t.test('shipments are listed by their consecutive failed checks: at least, or fewer than, a number', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    await store.shipments.register(['F0', 'F2', 'F5', 'F7'].map((trackingNumber) => ({ courier: 'c', trackingNumber })), at(0));
    for (const claim of await store.shipments.claimDue('c', { owner: 'a', now: at(0), limit: 10, leaseMs: 60_000 })) {
      const written = await applyCheck(store, claim.shipment.id, claim.lease, failedCheck(Number(claim.shipment.trackingNumber.slice(1))), at(1));
      t.ok(written.written, claim.shipment.trackingNumber);
    }
    const numbers = async (failures: { atLeast: number } | { below: number }, courier = 'c') =>
      (await store.shipments.list({ courier, failures }, { limit: 10, offset: 0 })).items.map((s) => s.trackingNumber).sort();
    t.same(await numbers({ atLeast: 5 }), ['F5', 'F7']);
    t.same(await numbers({ below: 5 }), ['F0', 'F2']);
    t.equal((await store.shipments.list({ failures: { atLeast: 1 } }, { limit: 1, offset: 0 })).total, 3, 'counted in full');
    t.same(await numbers({ atLeast: 1 }, 'other'), []);
  });
}
