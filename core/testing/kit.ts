import type { Test } from 'tap';
import { resolveCourier } from '../courier/options.js';
import type { CourierSimulator } from './harness.js';
import { boundaryChecks } from './kit-boundaries.js';
import { T0, kitContext, type KitContext } from './kit-context.js';
import { faultChecks } from './kit-faults.js';
import { pushChecks } from './kit-push.js';
import type { CourierContractOptions } from './kit-options.js';
import { statusChecks, unmappedIn } from './kit-statuses.js';

/**
 * The courier contract: one call runs every check against a plugin, its simulator and its fixtures.
 * Each check is a subtest whose failure message names the problem.
 */
export function runCourierContract<S extends CourierSimulator>(t: Test, o: CourierContractOptions<S>): void {
  const kit = kitContext(o);
  declarationChecks(t, o);
  statusChecks(t, kit);
  batchingChecks(t, kit);
  authChecks(t, kit);
  faultChecks(t, kit);
  idempotencyCheck(t, kit);
  boundaryChecks(t, kit);
  if (o.plugin.declaration.mode === 'push' || o.plugin.declaration.mode === 'both') {
    if (!o.push) t.fail(`courier ${o.plugin.declaration.name} is a push courier (mode ${o.plugin.declaration.mode}): give the kit its push options`);
    else pushChecks(t, kit, o.push);
  }
}

function declarationChecks<S extends CourierSimulator>(t: Test, o: CourierContractOptions<S>): void {
  t.test('the declaration validates and its numbers are sane', async (t) => {
    const { definition } = resolveCourier(o.plugin.declaration, { ...o.credentials, ...o.options }, {});
    const { batchSize, batchLimit, concurrency, quota, schedule } = definition;
    t.ok(batchLimit === undefined || batchSize <= batchLimit, `batchSize ${batchSize} is within the courier's limit of ${batchLimit}`);
    t.ok(concurrency <= quota.requests, `concurrency ${concurrency} does not exceed the quota of ${quota.requests} requests`);
    t.ok(quota.daily === undefined || quota.daily >= quota.requests, `the daily budget ${quota.daily} holds at least one window's ${quota.requests} requests`);
    t.ok(schedule.maxPerRun >= batchSize, `maxPerRun ${schedule.maxPerRun} holds at least one batch of ${batchSize}`);
  });
}

function batchingChecks<S extends CourierSimulator>(t: Test, kit: KitContext<S>): void {
  const { o } = kit;
  const batching = (name: string, count: (b: number) => number, requests: (b: number) => number) =>
    t.test(name, async (t) => {
      const h = await kit.start(t);
      const b = h.definition.batchSize;
      const numbers = await o.known(h.sim, count(b));
      await kit.register(h, numbers);
      const run = await h.run();
      const refused = h.sim.server.exchanges.filter((x) => o.isTrackRequest(x.request) && x.status >= 400);
      t.same(
        refused.map((x) => x.status),
        [],
        refused.length ? `the courier refused ${o.trackingNumbersOf(refused[0]!.request).length} numbers in one request (the declared batchSize is ${b}): ${refused[0]!.body.slice(0, 200)}` : 'no request refused',
      );
      t.equal(run.counts.failed, 0, 'no failure');
      t.equal(kit.trackCalls(h), requests(b), `${numbers.length} numbers with batchSize ${b} take ${requests(b)} tracking request(s)`);
      const answered = run.counts.updated + run.counts.unchanged + run.counts.notFound + run.counts.unmapped + run.counts.referenceMismatch + run.counts.stopped;
      t.equal(answered, numbers.length, 'one result per requested number');
      const answers = [];
      for (let i = 0; i < numbers.length; i += b) answers.push(...(await kit.track(h, numbers.slice(i, i + b))));
      const missing = unmappedIn(h.runtime.mapper, answers);
      t.same(missing, [], missing.length ? `statuses the simulator answers without a row: ${missing.join(', ')}` : 'every status answered is mapped');
    });
  batching('batching: one number', () => 1, () => 1);
  batching('batching: exactly the batch size', (b) => b, () => 1);
  batching('batching: batch size + 1 is split in two requests', (b) => b + 1, () => 2);

  t.test('a number the courier does not know is reported not found, never dropped', async (t) => {
    const h = await kit.start(t);
    const numbers = [...(await o.known(h.sim, 2)), o.unknown];
    await kit.register(h, numbers);
    const run = await h.run();
    t.equal(run.counts.notFound + run.counts.stopped, 1, 'one not found (stopped, where the courier says it never will know it)');
    t.match((await h.shipment(o.unknown)).lastError, /not found/, 'the shipment says why');
    t.equal((await h.shipment(o.unknown)).lastCheckedAt, T0, 'and was checked');
  });
}

function authChecks<S extends CourierSimulator>(t: Test, kit: KitContext<S>): void {
  const { o } = kit;
  t.test('auth: a 401 leads to exactly one refresh and one retry; refreshes respect the minimum interval', async (t) => {
    const h = await kit.start(t);
    const auth = h.definition.auth;
    if (auth.kind === 'jwt') {
      // Signed here, not fetched: a 401 makes one new token and one retry; a second 401 right after gives up.
      await kit.register(h, await o.known(h.sim, 1));
      h.sim.server.injectFault({ kind: 'status', status: 401 }, { match: o.isTrackRequest });
      t.match(await h.run(), { state: 'succeeded', counts: { failed: 0 } }, 'the retry with a new token succeeded');
      t.equal(kit.trackCalls(h), 2, 'the call and exactly one retry');
      await kit.register(h, await o.known(h.sim, 1));
      h.sim.server.injectFault({ kind: 'status', status: 401 }, { match: o.isTrackRequest, times: 2 });
      t.match(await h.run(), { state: 'failed', error: /authentication failed/ }, 'a 401 within the minimum interval does not make another token');
      return;
    }
    if (!o.tokens || (auth.kind !== 'login' && auth.kind !== 'oauth2')) {
      h.sim.server.injectFault({ kind: 'status', status: 401 }, { match: o.isTrackRequest });
      await kit.register(h, await o.known(h.sim, 1));
      t.match(await h.run(), { state: 'failed', error: /authentication failed/ }, `${auth.kind} auth cannot refresh: the run fails naming it`);
      t.equal(kit.trackCalls(h), 1, 'no retry without a new credential');
      return;
    }
    const tokenCalls = () => h.requests(o.tokens!.isTokenRequest).length;
    await kit.register(h, await o.known(h.sim, 1));
    await h.run();
    t.equal(tokenCalls(), 1, 'one token for the first run');
    o.tokens.revoke(h.sim);
    h.clock.advance(auth.minRefreshIntervalMs + 1000);
    await kit.register(h, await o.known(h.sim, 1));
    const before = kit.trackCalls(h);
    t.match(await h.run(), { state: 'succeeded', counts: { failed: 0 } }, 'the retry after the refresh succeeded');
    t.equal(tokenCalls(), 2, 'exactly one refresh');
    t.equal(kit.trackCalls(h) - before, 2, 'the call and exactly one retry');
    o.tokens.revoke(h.sim);
    await kit.register(h, await o.known(h.sim, 1));
    t.match(await h.run(), { state: 'failed', error: /authentication failed/ }, 'a 401 within the minimum interval does not refresh again');
    t.equal(tokenCalls(), 2, `no refresh within ${auth.minRefreshIntervalMs} ms`);
  });
}

function idempotencyCheck<S extends CourierSimulator>(t: Test, kit: KitContext<S>): void {
  const { o } = kit;
  const name = o.plugin.declaration.name;
  t.test('idempotency: the same response applied twice adds no event and no history entry', async (t) => {
    const h = await kit.start(t);
    const [tn] = await o.known(h.sim, 1);
    await kit.register(h, [tn!]);
    await h.run();
    const first = h.sim.server.exchanges.filter((x) => o.isTrackRequest(x.request)).at(-1);
    if (!first) return t.fail('the simulator answered no tracking request');
    const s = await h.shipment(tn!);
    const { store } = h.app.waybill;
    const [events, history] = [await store.shipments.events(s.id), await store.shipments.history(s.id)];
    h.sim.server.injectFault({ kind: 'status', status: first.status, headers: first.headers, body: first.body }, { match: o.isTrackRequest });
    const again = await h.app.inject({ method: 'GET', url: `/v1/shipments/${name}/${tn}?refresh=true` });
    t.equal(again.json().source, 'live', `the replay was applied (${again.json().liveError ?? 'ok'})`);
    t.equal((await store.shipments.events(s.id)).length, events.length, 'no new event');
    t.equal((await store.shipments.history(s.id)).length, history.length, 'no new history entry');
  });
}
