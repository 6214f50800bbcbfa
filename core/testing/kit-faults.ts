import type { Test } from 'tap';
import { isCourierError } from '../errors.js';
import type { CourierSimulator } from './harness.js';
import { T0, type KitContext } from './kit-context.js';
import { damagedCopies } from './mutations.js';

const at = (secondsAfterT0: number) => new Date(Date.parse(T0) + secondsAfterT0 * 1000).toISOString();

/** Every rate-limit dialect the core reads, and when each says to come back. */
const RATE_LIMIT_FORMS: [string, Record<string, string>, string | null][] = [
  ['Retry-After in seconds', { 'Retry-After': '90' }, at(90)],
  ['Retry-After as an HTTP date', { 'Retry-After': 'Fri, 01 May 2026 06:04:00 GMT' }, at(240)],
  ['Retry-After as unix time', { 'Retry-After': String(Date.parse(T0) / 1000 + 180) }, at(180)],
  ['X-RateLimit-Reset as unix time', { 'X-RateLimit-Reset': String(Date.parse(T0) / 1000 + 120) }, at(120)],
  ['X-Rate-Limit-Reset in seconds', { 'X-Rate-Limit-Reset': '150' }, at(150)],
  ['RateLimit-Reset in seconds', { 'RateLimit-Reset': '45' }, at(45)],
  ['no rate-limit header (the default pause)', {}, null],
];

export function faultChecks<S extends CourierSimulator>(t: Test, kit: KitContext<S>): void {
  const { o } = kit;
  for (const [form, headers, until] of RATE_LIMIT_FORMS) {
    t.test(`429 with ${form} pauses the courier until then`, async (t) => {
      const h = await kit.start(t);
      await kit.register(h, await o.known(h.sim, 1));
      h.sim.server.injectFault({ kind: 'status', status: 429, headers }, { match: o.isTrackRequest });
      const expected = until ?? new Date(Date.parse(T0) + h.definition.cooldowns.rateLimitDefaultMs).toISOString();
      t.match(await h.run(), { state: 'paused', error: /429/, pausedUntil: expected }, 'the run ends paused, saying until when');
      t.match(await h.courierState(), { paused: true, pausedUntil: expected }, `paused until ${expected}`);
    });
  }

  t.test('403 cools the courier down', async (t) => {
    const h = await kit.start(t);
    await kit.register(h, await o.known(h.sim, 1));
    h.sim.server.injectFault({ kind: 'status', status: 403 }, { match: o.isTrackRequest });
    const until = new Date(Date.parse(T0) + h.definition.cooldowns.forbiddenMs).toISOString();
    t.match(await h.run(), { state: 'paused', error: /403/, pausedUntil: until });
    t.match(await h.courierState(), { pausedUntil: until });
  });

  const transportFaults = [{ kind: 'status', status: 503 }, { kind: 'status', status: 500 }, { kind: 'timeout' }, { kind: 'stall' }, { kind: 'reset' }, { kind: 'malformed' }, { kind: 'truncated' }] as const;
  for (const fault of transportFaults) {
    t.test(`${fault.kind === 'status' ? fault.status : fault.kind}: a typed, transient failure, never an unhandled exception`, async (t) => {
      const h = await kit.start(t, { request_timeout_ms: '300' });
      const [tn] = await o.known(h.sim, 1);
      await kit.register(h, [tn!]);
      h.sim.server.injectFault(fault, { match: o.isTrackRequest, times: 5 });
      t.match(await h.run(), { state: 'succeeded', counts: { failed: 1 } });
      t.match(await h.shipment(tn!), { status: 'info_received', active: true, consecutiveFailures: 1 });
      t.same(kit.untyped(h), [], 'the adapter raised a typed courier error');
    });
  }

  t.test('damaged answers (fields missing, null, of another type; other shapes): results or a typed error, never a crash', async (t) => {
    const h = await kit.start(t);
    const numbers = await o.known(h.sim, Math.min(2, h.definition.batchSize));
    await kit.register(h, numbers);
    await h.run();
    const real = h.sim.server.exchanges.filter((x) => o.isTrackRequest(x.request) && x.status < 300).at(-1);
    if (!real) return t.fail('the simulator answered no tracking request');
    const crashes: string[] = [];
    const copies = damagedCopies(JSON.parse(real.body));
    for (const copy of copies) {
      h.sim.server.clearFaults();
      h.sim.server.injectFault({ kind: 'status', status: real.status, headers: real.headers, body: JSON.stringify(copy.body) }, { match: o.isTrackRequest });
      try {
        const results = await kit.track(h, numbers);
        if (!Array.isArray(results)) crashes.push(`${copy.what}: resolved with ${typeof results} instead of a list of results`);
      } catch (error) {
        if (!isCourierError(error)) crashes.push(`${copy.what}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    t.ok(copies.length > 5, `${copies.length} damaged copies of a real answer tried`);
    const shown = crashes.slice(0, 8).join(' | ') + (crashes.length > 8 ? ` | and ${crashes.length - 8} more` : '');
    t.same(crashes, [], crashes.length ? `untyped errors: ${shown}` : 'every damaged answer was handled');
  });
}
