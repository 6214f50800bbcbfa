import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import t, { type Test } from 'tap';
import type { StatusChange } from 'waybill';
import { ManualClock, startTestApp, tempDir } from 'waybill/testing';
import { startSandboxHarness } from '../../couriers/sandbox/testing.js';
import webhook from './index.js';
import { startReceiver } from './receiver.js';

const secret = (seed: string) => `whsec_${Buffer.from(seed.padEnd(32, '.')).toString('base64')}`;
const NEW = secret('the new secret');
const OLD = secret('the previous secret');

const start = (t: Test, env: Record<string, string>) => startSandboxHarness(t, { clock: new ManualClock('2026-05-01T04:00:00.000Z'), effects: [webhook], env });

/** Each shipment's changes as the receiver got them: a chain that starts where tracking started. */
function chains(accepted: { data: Record<string, unknown> }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { data } of accepted) {
    const c = data as unknown as StatusChange;
    (out[c.trackingNumber] ??= [c.from]).push(c.to);
  }
  return out;
}

t.test('signed with both secrets while rotating; a receiver down for an hour gets everything once, in order per shipment', async (t) => {
  const receiver = await startReceiver(OLD);
  t.teardown(() => receiver.close());
  const h = await start(t, { WAYBILL_EFFECT_WEBHOOK_URL: receiver.url, WAYBILL_EFFECT_WEBHOOK_SECRET: NEW, WAYBILL_EFFECT_WEBHOOK_PREVIOUS_SECRET: OLD });
  await h.register(['SBX-DELIVERED-1', 'SBX-RETURNED-1']);
  receiver.state.mode = 'down';
  for (let i = 0; i < 9; i++) {
    await h.run();
    h.clock.advance(6_000);
    await h.drain();
  }
  const during = receiver.attempts.length;
  t.ok(during >= 2 && receiver.accepted.length === 0, `while down: ${during} attempts, each refused`);
  t.equal(new Set(receiver.attempts.map((a) => (JSON.parse(a.body) as { data: StatusChange }).data.trackingNumber)).size, 2, 'only the head of each shipment was tried');

  h.clock.advance(60 * 60_000);
  await h.drain();
  receiver.state.mode = 'up';
  for (let i = 0; i < 40 && (await h.app.waybill.store.outbox.counts()).pending > 0; i++) {
    h.clock.advance(75 * 60_000);
    await h.drain();
  }
  t.same(await h.app.waybill.store.outbox.counts(), { pending: 0, delivered: 11, dead: 0 });
  t.same(
    chains(receiver.accepted),
    {
      'SBX-DELIVERED-1': ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered'],
      'SBX-RETURNED-1': ['info_received', 'picked_up', 'in_transit', 'out_for_delivery', 'delivery_failed', 'rto_initiated', 'rto_in_transit', 'rto_delivered'],
    },
    'every change once, each shipment in order',
  );
  t.equal(new Set(receiver.accepted.map((a) => a.id)).size, receiver.accepted.length, 'one webhook-id per change');
  const firstTry = receiver.attempts.find((a) => a.answered === 503)!;
  t.ok(receiver.accepted.some((a) => a.id === firstTry.id), 'a retry carries the webhook-id of its first attempt');
  const last = receiver.attempts.at(-1)!;
  t.doesNotThrow(() => new Webhook(NEW).verify(last.body, last.headers as Record<string, string>), 'a receiver already on the new secret verifies too');
  t.throws(() => new Webhook(secret('someone else')).verify(last.body, last.headers as Record<string, string>), 'a wrong secret does not');
  t.throws(() => new Webhook(NEW).verify(last.body.replace('"data":', '"data": '), last.headers as Record<string, string>), 'nor a changed body');
  t.same(receiver.rejected, []);
});

t.test('several endpoints from the config file, each with its filter; a 410 is a dead letter; a hung receiver times out', async (t) => {
  const rto = await startReceiver(NEW);
  const gone = await startReceiver(NEW);
  const slow = await startReceiver(NEW);
  t.teardown(() => Promise.all([rto.close(), gone.close(), slow.close()]));
  gone.state.mode = 'gone';
  slow.state.mode = 'hang';
  const file = join(tempDir(t), 'waybill.json');
  writeFileSync(
    file,
    JSON.stringify({
      effects: {
        webhook: {
          endpoints: [
            { name: 'rto-cancel', url: rto.url, secret: NEW, statuses: ['rto_initiated', 'rto_in_transit'] },
            { name: 'gone', url: gone.url, secret: NEW, statuses: ['picked_up'] },
            { name: 'slow', url: slow.url, secret: NEW, statuses: ['picked_up'], timeoutMs: 300 },
          ],
        },
      },
    }),
  );
  const h = await start(t, { WAYBILL_CONFIG: file });
  await h.register(['SBX-RETURNED-2']);
  for (let i = 0; i < 8; i++) {
    await h.run();
    h.clock.advance(6_000);
    await h.drain();
  }
  t.same(rto.accepted.map((a) => (a.data as unknown as StatusChange).to), ['rto_initiated', 'rto_in_transit'], 'the RTO endpoint hears only the return');
  const { store } = h.app.waybill;
  t.match((await store.outbox.list({ effect: 'webhook:gone' }, { limit: 5, offset: 0 })).items, [{ state: 'dead', attempts: 1, lastError: 'webhook gone: the endpoint is gone (410)' }]);
  t.match((await store.outbox.list({ effect: 'webhook:slow' }, { limit: 5, offset: 0 })).items, [{ state: 'pending', lastError: 'webhook slow: no answer within 300 ms' }]);
});

t.test('a URL without its secret, a malformed secret, or a name used twice stops the start naming the setting', async (t) => {
  const fails = (env: Record<string, string>) => startTestApp(t, { couriers: [], effects: [webhook], env });
  await t.rejects(fails({ WAYBILL_EFFECT_WEBHOOK_URL: 'https://hooks.example/x' }), /WAYBILL_EFFECT_WEBHOOK_SECRET \(secret\): a webhook needs both its URL and its secret/);
  await t.rejects(fails({ WAYBILL_EFFECT_WEBHOOK_URL: 'https://hooks.example/x', WAYBILL_EFFECT_WEBHOOK_SECRET: 'plain-text' }), /WAYBILL_EFFECT_WEBHOOK_SECRET \(secret\) must match pattern/);
  const file = join(tempDir(t), 'waybill.json');
  writeFileSync(file, JSON.stringify({ effects: { webhook: { endpoints: [{ name: 'a', url: 'https://x.example', secret: NEW }, { name: 'a', url: 'https://y.example', secret: NEW }] } } }));
  await t.rejects(fails({ WAYBILL_CONFIG: file }), /config file effects\.webhook\.endpoints \(endpoints\/1\/name\): the webhook endpoint name "a" is used twice/);
  const off = await startTestApp(t, { couriers: [], effects: [webhook] });
  t.ok(off.logs.some((l) => l.includes('effect webhook off: not configured')), 'without configuration it stays off, saying how to turn it on');
  t.notOk(off.logs.some((l) => l.includes(NEW)), 'secrets are never logged');
});

t.test('an endpoint with sla: true receives each SLA breach once, as a notice', async (t) => {
  const receiver = await startReceiver(NEW);
  t.teardown(() => receiver.close());
  const rules = [{ id: 'unpicked-1h', condition: 'in_status', statuses: ['info_received'], hours: 1 }];
  const h = await start(t, { WAYBILL_EFFECT_WEBHOOK_URL: receiver.url, WAYBILL_EFFECT_WEBHOOK_SECRET: NEW, WAYBILL_EFFECT_WEBHOOK_SLA: 'true', WAYBILL_SLA_RULES: JSON.stringify(rules) });
  await h.register(['SBX-DELIVERED-1']);
  h.clock.advance(2 * 60 * 60_000);
  await h.app.sla.evaluate();
  await h.app.sla.evaluate();
  await h.drain();
  t.match(receiver.accepted, [{ data: { type: 'notice', kind: 'sla.breached', courier: 'sandbox', data: { rule: 'unpicked-1h', trackingNumber: 'SBX-DELIVERED-1', status: 'info_received' } } }]);
  t.equal(receiver.accepted.length, 1, 'two evaluations, one delivery');
});

t.test('an endpoint with attention gets shipment.requires_attention once; one without does not', async (t) => {
  const receiver = await startReceiver(NEW);
  t.teardown(() => receiver.close());
  const env = { WAYBILL_EFFECT_WEBHOOK_URL: receiver.url, WAYBILL_EFFECT_WEBHOOK_SECRET: NEW, WAYBILL_ATTENTION_AFTER_FAILURES: '2' };
  const failTwice = async (h: Awaited<ReturnType<typeof start>>) => {
    await h.register(['SBX-DELIVERED-1']);
    h.sim.server.injectFault({ kind: 'status', status: 500 }, { match: (r) => r.path === '/v1/tracking/batch', times: 3 });
    for (let i = 0; i < 3; i++) {
      await h.run();
      h.clock.advance(3_600_000);
    }
    await h.drain();
  };
  await failTwice(await start(t, env));
  t.same(receiver.accepted, [], 'not asked for: nothing (no status changed either)');
  await failTwice(await start(t, { ...env, WAYBILL_EFFECT_WEBHOOK_ATTENTION: 'true' }));
  t.match(receiver.accepted, [{ data: { type: 'shipment.requires_attention', courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', consecutiveFailures: 2, lastError: /500/ } }]);
  t.equal(receiver.accepted.length, 1, 'once');
});
