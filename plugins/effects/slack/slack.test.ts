import t, { type Test } from 'tap';
import { ManualClock, SimServer, type SimRequest } from 'waybill/testing';
import { startSandboxHarness } from '../../couriers/sandbox/testing.js';
import slack, { RUN_LOG_NOTICE } from './index.js';

const TOKEN = 'xoxb-test-0123456789-abcdef';
const isTrack = (r: SimRequest) => r.path === '/v1/tracking/batch';

/** A stand-in for Slack's Web API: chat.postMessage answers as `answer` says (ok by default). */
async function startSlack() {
  const state = { answer: 'ok' as 'ok' | 'invalid_auth' | 'http_500' };
  const server = await SimServer.start((req) => {
    if (req.path !== '/api/chat.postMessage') return { status: 404, json: { ok: false, error: 'unknown_method' } };
    if (state.answer === 'http_500') return { status: 500, text: 'upstream error' };
    if (state.answer !== 'ok' || req.headers.authorization !== `Bearer ${TOKEN}`) return { json: { ok: false, error: 'invalid_auth' } };
    return { json: { ok: true, channel: (req.body as { channel?: string }).channel, ts: '1714557600.000100' } };
  });
  const posts = () =>
    server.requests
      .filter((r) => r.path === '/api/chat.postMessage')
      .map((r) => r.body as { channel: string; text: string });
  return { server, state, posts, close: () => server.close() };
}

async function start(t: Test, env: Record<string, string> = {}) {
  const api = await startSlack();
  t.teardown(() => api.close());
  const h = await startSandboxHarness(t, {
    clock: new ManualClock('2026-05-01T04:00:00.000Z'),
    effects: [slack],
    env: {
      WAYBILL_EFFECT_SLACK_TOKEN: TOKEN,
      WAYBILL_EFFECT_SLACK_CHANNEL: 'C-OPS',
      WAYBILL_EFFECT_SLACK_CHANNEL_LOST: 'C-LOST',
      WAYBILL_EFFECT_SLACK_CHANNEL_UNMAPPED: 'C-STATUS-TABLE',
      WAYBILL_EFFECT_SLACK_CHANNEL_RUN_LOG: 'C-LOGS',
      WAYBILL_EFFECT_SLACK_BASE_URL: `${api.server.url}/api/`,
      WAYBILL_EFFECT_SLACK_B2B_COURIERS: 'sandbox',
      ...env,
    },
  });
  const runs = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await h.run();
      h.clock.advance(6_000);
    }
    await h.drain();
  };
  return { ...h, api, runs };
}

t.test('shipment and operational alerts reach their channels, once each', async (t) => {
  const h = await start(t);
  await h.register(['SBX-LOST-1', 'SBX-CANCELLED-1', 'SBX-RETURNED-1', 'SBX-DELIVERED-1', 'SBX-ODDITY-1']);
  await h.runs(8);
  const posts = h.api.posts();
  const inChannel = (channel: string) => posts.filter((p) => p.channel === channel).map((p) => p.text.split('\n')[0]);
  t.same(inChannel('C-LOST'), [':rotating_light: *Shipment lost: SBX-LOST-1*'], 'lost, in its own channel');
  t.same(
    inChannel('C-OPS').sort(),
    [':leftwards_arrow_with_hook: *Return to origin: SBX-RETURNED-1*', ':no_entry_sign: *Shipment cancelled: SBX-CANCELLED-1*', ':white_check_mark: *B2B delivered the same day: SBX-DELIVERED-1*'],
    'cancelled, the return, and a B2B delivery the day it was registered: in the default channel',
  );
  t.equal(inChannel('C-STATUS-TABLE').length, 1, 'one unmapped-status alert');
  t.match(posts.find((p) => p.channel === 'C-STATUS-TABLE')?.text, /Statuses: WEATHER_DELAY/, 'naming the raw status');
  t.match(posts.find((p) => p.channel === 'C-LOST')?.text, /Tracking: SBX-LOST-1 \(sandbox\)\nStatus: in_transit → lost\nCourier says: LOST\nAt: /);
  t.ok(h.api.server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`), 'the bot token is sent as a bearer token');
  t.notOk(h.logs.some((l) => l.includes(TOKEN)), 'and never logged');

  h.sim.server.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '120' } }, { match: isTrack });
  await h.register(['SBX-DELIVERED-2']);
  await h.runs(1);
  t.match(h.api.posts().at(-1), { channel: 'C-OPS', text: /^:no_entry: \*sandbox paused until 2026-05-01T04:02:\d\d\.000Z\*\nCourier: sandbox\nRun: .*\nReason: .*429/ }, 'a 429 pause');
});

t.test('Slack down is retried; Slack refusing the token is a dead letter, listed and redriven over HTTP', async (t) => {
  const h = await start(t);
  h.api.state.answer = 'http_500';
  await h.register(['SBX-CANCELLED-1']);
  await h.runs(2);
  const { store } = h.app.waybill;
  const change = async () => (await store.outbox.list({ effect: 'slack' }, { limit: 10, offset: 0 })).items.find((d) => d.payload.type === 'shipment.status_changed');
  t.match(await change(), { state: 'pending', attempts: 1, lastError: /500/ }, 'a 5xx is retried later');

  h.api.state.answer = 'invalid_auth';
  h.clock.advance(60_000);
  await h.drain();
  const dead = (await h.app.inject({ url: '/v1/deliveries?state=dead&effect=slack' })).json();
  t.match(dead, { total: 1, items: [{ effect: 'slack', state: 'dead', attempts: 2, lastError: 'Slack refused the message: invalid_auth', type: 'shipment.status_changed' }] }, 'invalid_auth is not retried for a day');

  h.api.state.answer = 'ok';
  const redriven = await h.app.inject({ method: 'POST', url: '/v1/deliveries/redrive', payload: { effect: 'slack' } });
  t.same(redriven.json(), { effect: 'slack', redriven: 1 });
  await h.drain();
  t.match(h.api.posts().at(-1), { channel: 'C-OPS', text: /Shipment cancelled: SBX-CANCELLED-1/ }, 'delivered after the redrive');
  t.match(await change(), { state: 'delivered', attempts: 1 }, 'counted from its first attempt again');
  t.same((await store.outbox.counts()).dead, 0);
  t.equal((await h.app.inject({ method: 'POST', url: `/v1/deliveries/${dead.items[0].id}/redrive` })).statusCode, 409, 'a delivered message is not redriven');
});

t.test('a run log link announced by another effect is posted to the run-log channel', async (t) => {
  const h = await start(t);
  await h.app.waybill.outbox.announce({ kind: RUN_LOG_NOTICE, id: 'logs/sandbox/1.ndjson', courier: 'sandbox', text: 'sandbox run log (3 runs)', url: 'https://s3.example/logs/1?X-Amz-Signature=abc&x=1' });
  await h.app.waybill.outbox.announce({ kind: RUN_LOG_NOTICE, id: 'logs/sandbox/1.ndjson', courier: 'sandbox', text: 'the same notice again', url: 'https://s3.example/x' });
  await h.drain();
  t.same(h.api.posts(), [{ channel: 'C-LOGS', text: ':page_facing_up: sandbox run log (3 runs) <https://s3.example/logs/1?X-Amz-Signature=abc&x=1|download>', mrkdwn: 'true' }], 'once');
});

t.test('a shipment whose checks keep failing is posted once, in the attention channel', async (t) => {
  const h = await start(t, { WAYBILL_ATTENTION_AFTER_FAILURES: '2', WAYBILL_EFFECT_SLACK_CHANNEL_ATTENTION: 'C-ATTENTION' });
  await h.register(['SBX-DELIVERED-1']);
  h.sim.server.injectFault({ kind: 'status', status: 500 }, { match: isTrack, times: 3 });
  for (let i = 0; i < 3; i++) {
    await h.run();
    h.clock.advance(3_600_000);
  }
  await h.drain();
  const attention = h.api.posts().filter((p) => p.channel === 'C-ATTENTION');
  t.equal(attention.length, 1, 'the second failure crosses the threshold; the third does not post again');
  t.match(attention[0]?.text, /^:mag: \*Shipment requires attention: SBX-DELIVERED-1\*\nTracking: SBX-DELIVERED-1 \(sandbox\)\nStatus: info_received\nFailed checks in a row: 2\nLast error: .*500/);
});
