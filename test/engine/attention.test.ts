import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import type { EffectMessage } from '../../core/effects/contract.js';
import { startTestApp } from '../helpers/app.js';
import { flakyCourier } from '../helpers/flaky-courier.js';

const DAY_MS = 86_400_000;

async function start(t: Parameters<typeof startTestApp>[0]) {
  const clock = new ManualClock('2026-05-01T10:00:00.000Z');
  const failing = new Set(['F1']);
  const heard: EffectMessage[] = [];
  const pager = { name: 'pager', statusChanges: false, attention: true, deliver: async (message: EffectMessage) => void heard.push(message) };
  const silent = { name: 'silent', statusChanges: false, deliver: async (message: EffectMessage) => void heard.push(message) };
  const h = await startTestApp(t, { couriers: [flakyCourier((trackingNumber) => failing.has(trackingNumber))], clock, sideEffects: [pager, silent], env: { WAYBILL_ATTENTION_AFTER_FAILURES: '3' } });
  await h.app.waybill.store.shipments.register(['F1', 'OK1'].map((trackingNumber) => ({ courier: 'flaky', trackingNumber })), clock.now());
  const runDay = async () => {
    await h.app.waybill.engine.runToCompletion('flaky', 'schedule');
    await h.app.waybill.outbox.drain();
    clock.advance(DAY_MS);
  };
  const list = async (query: string) => (await h.app.inject({ url: `/v1/shipments?${query}` })).json() as { items: { trackingNumber: string; requiresAttention: boolean; consecutiveFailures: number }[]; total: number };
  return { ...h, failing, heard, runDay, list };
}

t.test('after N failed checks in a row a shipment requires attention: flagged, listed, and alerted once', async (t) => {
  const { app, heard, runDay, list, failing } = await start(t);
  await runDay();
  await runDay();
  t.same((await list('attention=true')).items, [], 'two failures: not yet');
  t.same(heard, []);
  await runDay();
  const flagged = await list('attention=true');
  t.match(flagged, { total: 1, items: [{ trackingNumber: 'F1', requiresAttention: true, consecutiveFailures: 3 }] });
  t.match((await list('attention=false')).items, [{ trackingNumber: 'OK1', requiresAttention: false, consecutiveFailures: 0 }], 'the others');
  t.match((await app.inject({ url: '/v1/shipments/flaky/F1' })).json(), { requiresAttention: true, consecutiveFailures: 3, lastError: /503/ });
  t.match(heard, [{ type: 'shipment.requires_attention', courier: 'flaky', trackingNumber: 'F1', status: 'info_received', consecutiveFailures: 3, lastError: /503/ }], 'alerted to the effect that asked');
  t.equal(heard.length, 1, 'and only to it');

  await runDay();
  t.equal(heard.length, 1, 'a fourth failure alerts no more');
  t.equal((await list('attention=true')).total, 1);

  failing.delete('F1');
  await runDay();
  t.equal((await list('attention=true')).total, 0, 'a check that succeeds clears it');
  failing.add('F1');
  for (let i = 0; i < 3; i++) await runDay();
  t.equal(heard.length, 2, 'failing again N times alerts again');
  t.match((await app.inject({ url: '/v1/shipments?attention=maybe' })).json(), { statusCode: 400, code: 'VALIDATION_FAILED', message: /querystring\/attention/ });
});

t.test('WAYBILL_ATTENTION_AFTER_FAILURES and WAYBILL_CHECK_LOG_DAYS: defaults, whole numbers ≥ 1, errors naming the variable', async (t) => {
  t.match(loadConfig({}), { attentionAfterFailures: 5, checkLogDays: 30 });
  t.match(loadConfig({ WAYBILL_ATTENTION_AFTER_FAILURES: '2', WAYBILL_CHECK_LOG_DAYS: '7' }), { attentionAfterFailures: 2, checkLogDays: 7 });
  t.throws(() => loadConfig({ WAYBILL_ATTENTION_AFTER_FAILURES: '0' }), /WAYBILL_ATTENTION_AFTER_FAILURES: expected an integer ≥ 1, got "0"/);
  t.throws(() => loadConfig({ WAYBILL_CHECK_LOG_DAYS: 'a week' }), /WAYBILL_CHECK_LOG_DAYS/);
});
