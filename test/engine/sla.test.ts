import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import type { EffectMessage, Notice, SideEffect } from '../../core/effects/contract.js';
import { SLA_BREACH_NOTICE } from '../../core/sla/monitor.js';
import { startTestApp } from '../helpers/app.js';
import { flakyCourier } from '../helpers/flaky-courier.js';
import { scriptedCourier, type ScriptedAnswer } from '../helpers/scripted-courier.js';

const HOUR = 3_600_000;
const T0 = '2026-05-01T00:00:00.000Z';

const RULES = [
  { id: 'ofd-12h', condition: 'in_status', statuses: ['out_for_delivery'], hours: 12 },
  { id: 'silent-3d', condition: 'no_event', statuses: ['in_transit'], hours: 72, courier: 'scripted' },
];

interface Breach {
  rule: string;
  trackingNumber: string;
  since: string;
  breachedAt: string;
}

async function start(t: Parameters<typeof startTestApp>[0]) {
  const clock = new ManualClock(T0);
  const answers = new Map<string, ScriptedAnswer>([
    ['OFD-1', { status: 'out', statusAt: T0 }],
    ['MOVE-1', { status: 'moving', statusAt: T0 }],
  ]);
  const heard: Notice[] = [];
  const recorder: SideEffect = {
    name: 'recorder',
    statusChanges: false,
    notices: [SLA_BREACH_NOTICE],
    async deliver(message: EffectMessage) {
      if (message.type === 'notice') heard.push(message);
    },
  };
  const h = await startTestApp(t, { couriers: [scriptedCourier(answers)], clock, sideEffects: [recorder], env: { WAYBILL_SLA_RULES: JSON.stringify(RULES) } });
  const { app } = h;
  await app.waybill.store.shipments.register([{ courier: 'scripted', trackingNumber: 'OFD-1' }, { courier: 'scripted', trackingNumber: 'MOVE-1' }], clock.now());
  await app.waybill.engine.runToCompletion('scripted', 'manual');
  const breaches = async (query = '') => {
    const res = await app.inject({ url: `/v1/sla/breaches${query}` });
    return { statusCode: res.statusCode, body: res.json() as { items: Breach[]; total: number; code?: string; message?: string } };
  };
  const evaluate = async () => {
    await app.sla.evaluate();
    while ((await app.waybill.outbox.drain()) > 0);
  };
  return { app, clock, answers, heard, breaches, evaluate };
}

t.test('a shipment breaches a rule once its condition lasts longer than the rule allows, and is announced once', async (t) => {
  const { clock, heard, breaches, evaluate } = await start(t);
  clock.advance(11 * HOUR);
  await evaluate();
  t.match((await breaches()).body, { items: [], total: 0 }, 'out for delivery 11 h: within the rule');
  t.same(heard, []);

  clock.advance(2 * HOUR);
  const open = (await breaches('?open=true')).body;
  t.match(open, { total: 1, items: [{ rule: 'ofd-12h', trackingNumber: 'OFD-1', since: T0, breachedAt: '2026-05-01T12:00:00.000Z' }] });
  await evaluate();
  await evaluate();
  t.equal(heard.length, 1, 'two evaluations, one announcement');
  t.match(heard[0], { kind: SLA_BREACH_NOTICE, courier: 'scripted', at: '2026-05-01T12:00:00.000Z', data: { rule: 'ofd-12h', trackingNumber: 'OFD-1' }, text: /ofd-12h.*OFD-1/ });
});

t.test('a silence rule counts from the last event, and a breach closes when the shipment leaves the condition', async (t) => {
  const { app, clock, answers, heard, breaches, evaluate } = await start(t);
  clock.advance(73 * HOUR);
  t.same((await breaches()).body.items.map((b) => `${b.rule} ${b.trackingNumber}`), ['ofd-12h OFD-1', 'silent-3d MOVE-1']);
  t.same((await breaches('?rule=silent-3d')).body.items.map((b) => b.trackingNumber), ['MOVE-1']);
  t.same((await breaches('?courier=other')).body.items, []);

  answers.set('OFD-1', { status: 'delivered', statusAt: clock.now().toISOString() });
  await app.waybill.engine.runToCompletion('scripted', 'manual');
  t.same((await breaches()).body.items.map((b) => `${b.rule} ${b.trackingNumber}`), ['silent-3d MOVE-1'], 'delivered: its breach is closed; MOVE-1 had no new event');
  await evaluate();
  t.same(heard.map((n) => n.data?.rule), ['silent-3d'], 'only what is open is announced');
});

t.test('the breach listing validates its query, naming the field', async (t) => {
  const { breaches } = await start(t);
  t.match(await breaches('?open=false'), { statusCode: 400, body: { code: 'VALIDATION_FAILED', message: /querystring\/open/ } });
  t.match(await breaches('?open=maybe'), { statusCode: 400, body: { code: 'VALIDATION_FAILED', message: /querystring\/open/ } });
  t.match(await breaches('?rule=nope'), { statusCode: 400, body: { code: 'VALIDATION_FAILED', message: /querystring\/rule: no SLA rule "nope" \(configured: ofd-12h, silent-3d\)/ } });
  t.match(await breaches('?limit=0'), { statusCode: 400, body: { code: 'VALIDATION_FAILED', message: /querystring\/limit/ } });
  t.match(await breaches('?courier=Bad%20Name'), { statusCode: 400, body: { code: 'VALIDATION_FAILED', message: /querystring\/courier/ } });
});

t.test('a rule naming a status or courier that does not exist stops the start, naming the rule', async (t) => {
  const scripted = scriptedCourier(new Map());
  const startWith = (rule: object) => startTestApp(t, { couriers: [scripted], env: { WAYBILL_SLA_RULES: JSON.stringify([rule]) } });
  await t.rejects(startWith({ id: 'typo', condition: 'in_status', statuses: ['out_for_delivry'], hours: 1 }), { name: 'ConfigError', message: /SLA rule "typo": statuses: "out_for_delivry" is not a canonical status/ });
  await t.rejects(startWith({ id: 'far', condition: 'in_status', statuses: ['lost'], hours: 1, courier: 'nowhere' }), { name: 'ConfigError', message: /SLA rule "far": courier: no courier plugin is named "nowhere"/ });
  await t.rejects(startWith({ id: 'vague', condition: 'no_event', hours: 1 }), { name: 'ConfigError', message: /SLA rule "vague": statuses: required for condition no_event/ });
});

t.test('checks failing for longer than the rule allows are a breach, timed from the first failure of the streak', async (t) => {
  const clock = new ManualClock(T0);
  let down = false;
  const flaky = flakyCourier(() => down, () => clock.now());
  const rules = [{ id: 'failing-1d', condition: 'check_failing', hours: 24 }];
  const { app } = await startTestApp(t, { couriers: [flaky], clock, env: { WAYBILL_SLA_RULES: JSON.stringify(rules) } });
  await app.waybill.store.shipments.register([{ courier: 'flaky', trackingNumber: 'F1' }], clock.now());
  const refresh = async () => (await app.inject({ url: '/v1/shipments/flaky/F1?refresh=true' })).json() as { source: string };
  const open = async () => ((await app.inject({ url: '/v1/sla/breaches' })).json() as { items: Breach[] }).items;
  t.match(await refresh(), { source: 'live' });
  down = true;
  clock.advance(HOUR);
  const firstFailure = clock.now().toISOString();
  t.match(await refresh(), { source: 'cache' });
  clock.advance(9 * HOUR);
  await refresh();
  clock.advance(15 * HOUR - 60_000);
  t.same(await open(), [], 'failing for 24 h less a minute');
  clock.advance(2 * 60_000);
  t.match(await open(), [{ rule: 'failing-1d', trackingNumber: 'F1', since: firstFailure, breachedAt: new Date(Date.parse(firstFailure) + 24 * HOUR).toISOString() }]);
  down = false;
  t.match(await refresh(), { source: 'live' });
  t.same(await open(), [], 'answered again: the breach is closed');
});
