import nock from 'nock';
import type { Test } from 'tap';
import { ManualClock } from '../clock.js';
import { resolveCourier } from '../courier/options.js';
import { StatusMapper } from '../courier/status-mapper.js';
import { minTimeMs } from '../engine/limiter.js';
import { startCourierHarness, type CourierSimulator, type Harness } from './harness.js';
import type { CourierContractOptions, DocumentedStatus } from './kit-options.js';

const T0 = '2026-05-01T06:00:00.000Z';

const label = (s: DocumentedStatus) => (typeof s === 'string' ? s : s.type ? `${s.type}-${s.status}` : s.status);

/**
 * The courier contract: one call runs every check against a plugin and its simulator or fixtures.
 * Each check is a subtest whose failure message names the problem.
 */
export function runCourierContract<S extends CourierSimulator>(t: Test, o: CourierContractOptions<S>): void {
  const { declaration } = o.plugin;
  const resolved = () => resolveCourier(declaration, Object.fromEntries(Object.entries({ ...o.credentials, ...o.options })), {});
  const start = async (t: Test, options: Record<string, string> = {}): Promise<Harness<S> & { clock: ManualClock }> => {
    const clock = new ManualClock(T0);
    const harness = await startCourierHarness(t, {
      plugin: o.plugin,
      simulator: o.simulator,
      clock,
      credentials: o.credentials ?? {},
      options: { request_timeout_ms: '1000', ...o.options, ...options },
    });
    return { ...harness, clock };
  };
  const register = (h: Harness<S>, numbers: string[]) => h.register(numbers, (tn) => (o.orderIdFor ? { orderId: o.orderIdFor(tn) } : {}));
  const trackCalls = (h: Harness<S>) => h.requests(o.isTrackRequest).length;

  t.test('the declaration validates and its numbers are sane', async (t) => {
    const { definition } = resolved();
    t.ok(definition.batchSize >= 1 && definition.batchSize <= 1000, `batchSize ${definition.batchSize} is between 1 and 1000`);
    t.ok(definition.concurrency <= definition.quota.requests, `concurrency ${definition.concurrency} does not exceed the quota of ${definition.quota.requests} requests`);
    t.ok(definition.schedule.maxPerRun >= definition.batchSize, `maxPerRun ${definition.schedule.maxPerRun} holds at least one batch of ${definition.batchSize}`);
    t.ok(minTimeMs(definition) >= 1, 'the limiter spaces requests');
  });

  t.test('every documented raw status maps to a canonical status or is explicitly no change', async (t) => {
    const mapper = new StatusMapper(declaration.name, declaration.statuses);
    const missing = o.documentedStatuses.filter((s) => (typeof s === 'string' ? !mapper.covers(s) : !mapper.covers(s.status, s.type))).map(label);
    t.same(missing, [], missing.length ? `unmapped documented statuses: ${missing.join(', ')}` : 'all documented statuses have a row');
  });

  const batching = (name: string, count: (b: number) => number, requests: (b: number) => number) =>
    t.test(name, async (t) => {
      const h = await start(t);
      const b = h.app.waybill.registry.get(declaration.name)!.definition.batchSize;
      const numbers = await o.known(h.sim, count(b));
      await register(h, numbers);
      const run = await h.run();
      t.equal(run.counts.failed, 0, run.counts.failed ? `the courier refused ${numbers.length} numbers in batches of ${b} (the declared batchSize): ${(await h.shipment(numbers[0]!)).lastError}` : 'no failure');
      t.equal(trackCalls(h), requests(b), `${numbers.length} numbers with batchSize ${b} take ${requests(b)} tracking request(s)`);
      const answered = run.counts.updated + run.counts.unchanged + run.counts.notFound + run.counts.unmapped + run.counts.referenceMismatch + run.counts.stopped;
      t.equal(answered, numbers.length, 'one result per requested number');
      const mapper = new StatusMapper(declaration.name, declaration.statuses);
      const seen = new Set<string>();
      for (const tn of numbers) {
        const s = await h.shipment(tn);
        for (const e of await h.app.waybill.store.getEvents(s.id)) if (!mapper.covers(e.status, e.statusType)) seen.add(label(e));
      }
      t.same([...seen], [], seen.size ? `statuses in the fixtures without a row: ${[...seen].join(', ')}` : 'every status in the fixtures is mapped');
    });
  batching('batching: one number', () => 1, () => 1);
  batching('batching: exactly the batch size', (b) => b, () => 1);
  batching('batching: batch size + 1 is split in two requests', (b) => b + 1, () => 2);

  t.test('a number the courier does not know is reported not found, never dropped', async (t) => {
    const h = await start(t);
    const numbers = [...(await o.known(h.sim, 2)), o.unknown];
    await register(h, numbers);
    const run = await h.run();
    t.equal(run.counts.notFound, 1, 'one not found');
    t.match((await h.shipment(o.unknown)).lastError, /not found/, 'the shipment says why');
    t.equal((await h.shipment(o.unknown)).lastCheckedAt, T0, 'and was checked');
  });

  t.test('auth: a 401 leads to exactly one refresh and one retry; refreshes respect the minimum interval', async (t) => {
    const h = await start(t);
    const auth = h.app.waybill.registry.get(declaration.name)!.definition.auth;
    if (!o.tokens || (auth.kind !== 'login' && auth.kind !== 'oauth2')) {
      h.sim.server.injectFault({ kind: 'status', status: 401 }, { match: o.isTrackRequest });
      await register(h, await o.known(h.sim, 1));
      t.match(await h.run(), { state: 'failed', error: /authentication failed/ }, `${auth.kind} auth cannot refresh: the run fails naming it`);
      t.equal(trackCalls(h), 1, 'no retry without a new credential');
      return;
    }
    const tokenCalls = () => h.requests(o.tokens!.isTokenRequest).length;
    await register(h, await o.known(h.sim, 1));
    await h.run();
    t.equal(tokenCalls(), 1, 'one token for the first run');
    o.tokens.revoke(h.sim);
    h.clock.advance(auth.minRefreshIntervalMs + 1000);
    await register(h, await o.known(h.sim, 1));
    const before = trackCalls(h);
    t.match(await h.run(), { state: 'succeeded', counts: { failed: 0 } }, 'the retry after the refresh succeeded');
    t.equal(tokenCalls(), 2, 'exactly one refresh');
    t.equal(trackCalls(h) - before, 2, 'the call and exactly one retry');
    o.tokens.revoke(h.sim);
    await register(h, await o.known(h.sim, 1));
    t.match(await h.run(), { state: 'failed', error: /authentication failed/ }, 'a 401 within the minimum interval does not refresh again');
    t.equal(tokenCalls(), 2, `no refresh within ${auth.minRefreshIntervalMs} ms`);
  });

  const retryForms: [string, Record<string, string>, string][] = [
    ['seconds', { 'Retry-After': '90' }, '2026-05-01T06:01:30.000Z'],
    ['an HTTP date', { 'Retry-After': 'Fri, 01 May 2026 06:04:00 GMT' }, '2026-05-01T06:04:00.000Z'],
    ['unix time in X-RateLimit-Reset', { 'X-RateLimit-Reset': String(Date.parse('2026-05-01T06:02:00Z') / 1000) }, '2026-05-01T06:02:00.000Z'],
  ];
  for (const [form, headers, until] of retryForms) {
    t.test(`429 with Retry-After as ${form} pauses the courier until then`, async (t) => {
      const h = await start(t);
      await register(h, await o.known(h.sim, 1));
      h.sim.server.injectFault({ kind: 'status', status: 429, headers }, { match: o.isTrackRequest });
      t.match(await h.run(), { state: 'failed', error: /429/ });
      t.match((await h.app.inject({ method: 'GET', url: `/v1/couriers/${declaration.name}` })).json(), { paused: true, pausedUntil: until });
    });
  }

  t.test('403 cools the courier down', async (t) => {
    const h = await start(t);
    await register(h, await o.known(h.sim, 1));
    h.sim.server.injectFault({ kind: 'status', status: 403 }, { match: o.isTrackRequest });
    t.match(await h.run(), { state: 'failed', error: /403/ });
    const cooldown = h.app.waybill.registry.get(declaration.name)!.definition.cooldowns.forbiddenMs;
    t.match((await h.app.inject({ method: 'GET', url: `/v1/couriers/${declaration.name}` })).json(), { pausedUntil: new Date(Date.parse(T0) + cooldown).toISOString() });
  });

  for (const fault of [{ kind: 'status', status: 503 }, { kind: 'timeout' }, { kind: 'malformed' }, { kind: 'truncated' }] as const) {
    t.test(`${fault.kind === 'status' ? '503' : fault.kind}: a typed, transient failure, never an unhandled exception`, async (t) => {
      const h = await start(t, { request_timeout_ms: '300' });
      const [tn] = await o.known(h.sim, 1);
      await register(h, [tn!]);
      h.sim.server.injectFault(fault, { match: o.isTrackRequest, times: 5 });
      t.match(await h.run(), { state: 'succeeded', counts: { failed: 1 } });
      t.match(await h.shipment(tn!), { status: 'info_received', active: true, consecutiveFailures: 1 });
    });
  }

  t.test('idempotency: the same response applied twice adds no event', async (t) => {
    const h = await start(t);
    const [tn] = await o.known(h.sim, 1);
    await register(h, [tn!]);
    await h.run();
    const first = h.sim.server.exchanges.filter((x) => o.isTrackRequest(x.request)).at(-1);
    if (!first) return t.fail('the simulator answered no tracking request');
    const s = await h.shipment(tn!);
    const [events, history] = [await h.app.waybill.store.getEvents(s.id), await h.app.waybill.store.getHistory(s.id)];
    h.sim.server.injectFault({ kind: 'status', status: first.status, headers: first.headers, body: first.body }, { match: o.isTrackRequest });
    const again = await h.app.inject({ method: 'GET', url: `/v1/shipments/${declaration.name}/${tn}?refresh=true` });
    t.equal(again.json().source, 'live', `the replay was applied (${again.json().liveError ?? 'ok'})`);
    t.equal((await h.app.waybill.store.getEvents(s.id)).length, events.length, 'no new event');
    t.equal((await h.app.waybill.store.getHistory(s.id)).length, history.length, 'no new history entry');
  });

  t.test('only the configured base URL is called, and no secret appears in logs or errors', async (t) => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^127\.0\.0\.1/);
    t.teardown(() => nock.enableNetConnect());
    const h = await start(t);
    const numbers = await o.known(h.sim, 2);
    await register(h, numbers);
    await h.run();
    t.ok(h.sim.server.requests.length > 0, 'the simulator was called');
    const secrets = Object.values(o.credentials ?? {}).filter((s) => s.length >= 4);
    h.sim.server.injectFault({ kind: 'status', status: 400, body: JSON.stringify({ error: `bad request for ${secrets.join(' ')}` }) }, { match: o.isTrackRequest });
    const [refused] = await o.known(h.sim, 1);
    await register(h, [refused!]);
    const run = await h.run();
    const views = await Promise.all([...numbers, refused!].map((tn) => h.app.inject({ method: 'GET', url: `/v1/shipments/${declaration.name}/${tn}` })));
    const everything = [h.logs.join('\n'), JSON.stringify(run), ...views.map((v) => v.body)].join('\n');
    const leaked = secrets.filter((s) => everything.includes(s));
    t.same(leaked.map(() => '[secret]'), [], leaked.length ? `${leaked.length} credential value(s) appear in logs, run errors or API responses` : 'no secret leaked');
  });
}
