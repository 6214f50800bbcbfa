import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ManualClock } from '../../core/clock.js';
import { BoundedLabel, OTHER_LABEL_VALUE } from '../../core/http/metrics/bounded-label.js';
import { startTestApp } from '../helpers/app.js';
import { parsePrometheusText, type ParsedFamily } from '../helpers/prometheus-parser.js';
import { repoRoot } from '../helpers/repo-root.js';
import { startSandboxApp } from '../helpers/sandbox.js';
import { scriptedCourier, type ScriptedAnswer } from '../helpers/scripted-courier.js';

const T0 = '2026-05-01T10:00:00.000Z';

async function scrape(app: { inject(options: { url: string }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }> }) {
  const res = await app.inject({ url: '/metrics' });
  return { res, families: await parsePrometheusText(res.body) };
}

function family(families: readonly ParsedFamily[], name: string): ParsedFamily {
  const found = families.filter((f) => f.name === name);
  if (found.length !== 1) throw new Error(`expected one family ${name}, got ${found.length}`);
  return found[0]!;
}

/** The value of the one sample named `sample` whose labels include `labels`. */
function value(families: readonly ParsedFamily[], familyName: string, sample: string, labels: Record<string, string> = {}): number | string | undefined {
  const matches = family(families, familyName).samples.filter((s) => s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matches.length > 1) throw new Error(`${matches.length} samples ${sample} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}

t.test('after a real sandbox run the exposition parses with Prometheus\' parser: each family once, its samples together', async (t) => {
  const clock = new ManualClock(T0);
  const { app, register, run, sim } = await startSandboxApp(t, { clock, env: { WAYBILL_COURIER_SANDBOX_DAILY_BUDGET: '500' } });
  await register('SBX-DELIVERED-1', 'SBX-ODDITY-1', 'SBX-RETURNED-1');
  for (let i = 0; i < 3; i++) {
    clock.advance(60_000);
    await run();
  }
  await app.inject({ url: '/v1/shipments/sandbox/SBX-DELIVERED-1?refresh=true' });

  const { res, families } = await scrape(app);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8', "the registry's content type");
  const names = families.map((f) => f.name);
  t.same(names.filter((name, i) => names.indexOf(name) !== i), [], 'no family is split across the output');

  const types: Record<string, string> = {
    waybill_shipments: 'gauge',
    waybill_courier_enabled: 'gauge',
    waybill_courier_paused: 'gauge',
    waybill_shipments_due: 'gauge',
    waybill_outbox_messages: 'gauge',
    // The parser names a counter's family without the `_total` its samples carry.
    waybill_runs: 'counter',
    waybill_run_items: 'counter',
    waybill_live_check_items: 'counter',
    waybill_unmapped_status: 'counter',
    waybill_webhooks: 'counter',
    waybill_run_duration_seconds: 'histogram',
    waybill_courier_request_duration_seconds: 'histogram',
    waybill_courier_quota_requests: 'gauge',
    waybill_courier_quota_window_seconds: 'gauge',
    waybill_courier_quota_used_requests: 'gauge',
    waybill_courier_daily_budget_requests: 'gauge',
    waybill_courier_daily_budget_used_requests: 'gauge',
    waybill_build_info: 'gauge',
    process_cpu_seconds: 'counter',
    process_resident_memory_bytes: 'gauge',
    nodejs_eventloop_lag_seconds: 'gauge',
    nodejs_heap_size_used_bytes: 'gauge',
  };
  for (const [name, type] of Object.entries(types)) t.equal(families.find((f) => f.name === name)?.type, type, `${name} is a ${type}`);

  const shipments = family(families, 'waybill_shipments').samples.filter((s) => s.labels.courier === 'sandbox');
  t.equal(shipments.reduce((sum, s) => sum + Number(s.value), 0), 3, 'every registered shipment is counted once');
  t.equal(value(families, 'waybill_courier_enabled', 'waybill_courier_enabled', { courier: 'sandbox' }), 1);
  t.equal(value(families, 'waybill_courier_paused', 'waybill_courier_paused', { courier: 'sandbox' }), 0);
  t.equal(value(families, 'waybill_runs', 'waybill_runs_total', { courier: 'sandbox', state: 'succeeded' }), 3);
  t.equal(value(families, 'waybill_run_items', 'waybill_run_items_total', { courier: 'sandbox', counter: 'claimed' }), 9);
  t.equal(value(families, 'waybill_unmapped_status', 'waybill_unmapped_status_total', { courier: 'sandbox', raw_status: 'WEATHER_DELAY' }), 1);
  t.equal(value(families, 'waybill_run_duration_seconds', 'waybill_run_duration_seconds_count', { courier: 'sandbox', state: 'succeeded' }), 3);
  t.equal(value(families, 'waybill_run_duration_seconds', 'waybill_run_duration_seconds_bucket', { courier: 'sandbox', state: 'succeeded', le: '+Inf' }), 3);
  t.equal(value(families, 'waybill_outbox_messages', 'waybill_outbox_messages', { state: 'dead' }), 0);

  // Every request the simulator saw (the token request too) is timed, and counted against the quota and the budget.
  const sent = sim.server.requests.length;
  const requestsOfRuns = value(families, 'waybill_run_items', 'waybill_run_items_total', { courier: 'sandbox', counter: 'requests' });
  const requestsOfLiveChecks = value(families, 'waybill_live_check_items', 'waybill_live_check_items_total', { courier: 'sandbox', counter: 'requests' });
  t.ok(sent >= 3, `the simulator was asked (${sent} requests)`);
  t.equal(Number(requestsOfRuns) + Number(requestsOfLiveChecks), sent);
  t.equal(value(families, 'waybill_courier_request_duration_seconds', 'waybill_courier_request_duration_seconds_count', { courier: 'sandbox', status_class: '2xx' }), sent);
  t.equal(value(families, 'waybill_courier_quota_requests', 'waybill_courier_quota_requests', { courier: 'sandbox' }), 1000, 'the declared quota (the harness opens it to 1,000 per second)');
  t.equal(value(families, 'waybill_courier_quota_window_seconds', 'waybill_courier_quota_window_seconds', { courier: 'sandbox' }), 1);
  t.equal(value(families, 'waybill_courier_quota_used_requests', 'waybill_courier_quota_used_requests', { courier: 'sandbox' }), 2, 'only the last window: the third run and the live check (one request each; the token is still good)');
  t.equal(value(families, 'waybill_courier_daily_budget_requests', 'waybill_courier_daily_budget_requests', { courier: 'sandbox' }), 500);
  t.equal(value(families, 'waybill_courier_daily_budget_used_requests', 'waybill_courier_daily_budget_used_requests', { courier: 'sandbox' }), sent);

  const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  t.same(family(families, 'waybill_build_info').samples, [{ name: 'waybill_build_info', labels: { version, node_version: process.version }, value: 1 }]);
});

t.test('raw statuses from courier data are bounded per courier; the run report keeps every name in full', async (t) => {
  const clock = new ManualClock(T0);
  const answers = new Map<string, ScriptedAnswer>();
  const { app } = await startTestApp(t, { couriers: [scriptedCourier(answers)], clock });
  const long = `LONG_${'X'.repeat(200)}`;
  const raws = [long, ...Array.from({ length: 59 }, (_, i) => `ODD_${String(i).padStart(2, '0')}`)];
  const shipments = raws.map((_, i) => ({ courier: 'scripted', trackingNumber: `N${i}` }));
  t.equal((await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments } })).statusCode, 201);
  raws.forEach((raw, i) => answers.set(`N${i}`, { status: raw, statusAt: clock.now().toISOString() }));
  const run = await app.waybill.engine.runToCompletion('scripted', 'manual');

  const report = (await app.inject({ url: `/v1/runs/${run!.id}` })).json() as { unmappedStatuses: string[] };
  t.same([...report.unmappedStatuses].sort(), [...raws].sort(), 'the run names all 60, the long one in full');
  const { families } = await scrape(app);
  const samples = family(families, 'waybill_unmapped_status').samples.filter((s) => s.labels.courier === 'scripted');
  const labelValues = samples.map((s) => s.labels.raw_status!);
  t.equal(labelValues.length, 51, '50 raw statuses and "other"');
  t.equal(samples.find((s) => s.labels.raw_status === OTHER_LABEL_VALUE)?.value, 10, 'the ten past the cap are counted as other');
  t.ok(labelValues.every((v) => v.length <= 64), 'no label value is longer than 64 characters');
  t.ok(labelValues.includes(long.slice(0, 64)), 'a long status is cut, not dropped');
  t.equal(samples.reduce((sum, s) => sum + Number(s.value), 0), 60, 'every meeting is counted');
});

t.test('a bounded label keeps the values it has seen, folds newcomers past the cap, and counts per key', async (t) => {
  const label = new BoundedLabel(2, 5);
  t.same(['a', 'b', 'c', 'a', 'b'].map((v) => label.value('one', v)), ['a', 'b', OTHER_LABEL_VALUE, 'a', 'b']);
  t.equal(label.value('two', 'c'), 'c', 'each key has its own cap');
  t.equal(label.value('two', 'abcdefgh'), 'abcde', 'cut to the maximum length');
  t.equal(label.value('two', 'abcdeXYZ'), 'abcde', 'values equal once cut share a series');
});

t.test('each app has its own registry: two apps in one process count apart', async (t) => {
  const first = await startSandboxApp(t, { clock: new ManualClock(T0) });
  const second = await startSandboxApp(t, { clock: new ManualClock(T0) });
  await first.register('SBX-DELIVERED-1');
  await first.run();
  const runsOf = async (app: typeof first.app) => value((await scrape(app)).families, 'waybill_runs', 'waybill_runs_total', { courier: 'sandbox', state: 'succeeded' });
  t.equal(await runsOf(first.app), 1);
  t.equal(await runsOf(second.app), undefined, 'the other app has run nothing');
});
