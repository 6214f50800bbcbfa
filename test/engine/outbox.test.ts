import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { EffectMessage, SideEffect } from '../../core/effects/contract.js';
import { startSandboxApp } from '../helpers/sandbox.js';

t.test('side effects are retried with backoff, delivered once, and given up after their attempts', async (t) => {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  let failuresLeft = 2;
  const flaky: { attempts: number[]; delivered: EffectMessage[] } = { attempts: [], delivered: [] };
  const effects: SideEffect[] = [
    {
      name: 'flaky-webhook',
      statuses: ['cancelled'],
      async deliver(message, ctx) {
        flaky.attempts.push(ctx.attempt);
        if (failuresLeft-- > 0) throw new Error('receiver answered 503');
        flaky.delivered.push(message);
      },
    },
    { name: 'always-down', statuses: ['cancelled'], maxAttempts: 2, deliver: async () => Promise.reject(new Error('smtp refused')) },
  ];
  const { app, register, run } = await startSandboxApp(t, { clock, sideEffects: effects });
  await register('SBX-CANCELLED-1', 'SBX-DELIVERED-1');
  await run();
  clock.advance(6_000);
  await run();
  t.equal((await app.waybill.store.shipments.get('sandbox', 'SBX-CANCELLED-1'))!.status, 'cancelled');

  const { outbox } = app.waybill;
  t.equal(await outbox.drain(), 2, 'one message per subscribed effect; the delivered shipment is not subscribed');
  t.equal(await outbox.drain(), 0, 'nothing is due before the backoff');
  clock.advance(30_000);
  t.equal(await outbox.drain(), 2, 'retried after 30 s');
  clock.advance(59_000);
  t.equal(await outbox.drain(), 0, 'the second retry waits 60 s');
  clock.advance(1_000);
  t.equal(await outbox.drain(), 1, 'only the flaky effect is left; the other gave up after 2 attempts');
  t.same(flaky.attempts, [1, 2, 3]);
  t.equal(flaky.delivered.length, 1);
  t.match(flaky.delivered[0], { type: 'shipment.status_changed', trackingNumber: 'SBX-CANCELLED-1', from: 'info_received', to: 'cancelled', source: 'courier' });
  t.same(await app.waybill.store.outbox.counts(), { pending: 0, delivered: 1, dead: 1 });
});
