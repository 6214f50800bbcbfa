import t, { type Test } from 'tap';
import type { Run } from '../../core/store/types.js';
import { startSandboxApp, type SandboxApp } from '../helpers/sandbox.js';
import { freePort } from '../helpers/server-process.js';
import { ensureBuiltCli, waybill } from './cli.js';

const KEY = 'cli-test-key-0123456789';

/** The real app with the sandbox courier, listening on a free port, its API locked with KEY. */
async function startService(t: Test): Promise<{ service: SandboxApp; env: Record<string, string> }> {
  const service = await startSandboxApp(t, { env: { WAYBILL_API_KEYS: KEY } });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as { port: number };
  return { service, env: { WAYBILL_URL: `http://127.0.0.1:${port}`, WAYBILL_API_KEY: KEY } };
}

async function register(service: SandboxApp, trackingNumber: string): Promise<void> {
  const res = await service.app.inject({
    method: 'POST',
    url: '/v1/shipments',
    headers: { authorization: `Bearer ${KEY}` },
    payload: { courier: 'sandbox', trackingNumber, orderId: `order-${trackingNumber}` },
  });
  if (res.statusCode !== 201) throw new Error(`registering failed: ${res.statusCode} ${res.body}`);
}

function nextRunFinished(service: SandboxApp): Promise<Run> {
  return new Promise((resolve) => service.app.waybill.engine.onRunFinished((run) => resolve(run)));
}

t.before(ensureBuiltCli);

t.test('couriers, trigger, runs and track against a running service, as tables and as JSON', async (t) => {
  const { service, env } = await startService(t);
  await register(service, 'SBX-DELIVERED-1');

  const listed = await waybill(['couriers'], env);
  t.equal(listed.code, 0, listed.stderr);
  t.match(listed.stdout, /^COURIER +MODE +ENABLED +PAUSED +LAST RUN +NEXT RUN\n/);
  t.match(listed.stdout, /\nsandbox +\w+ +yes +- +- +/, 'the sandbox, enabled, not paused, never run');
  const listedJson = await waybill(['couriers', '--json'], env);
  t.match(JSON.parse(listedJson.stdout), { couriers: [{ name: 'sandbox', enabled: true }] });

  const finished = nextRunFinished(service);
  const triggered = await waybill(['trigger', 'sandbox'], env);
  t.equal(triggered.code, 0, triggered.stderr);
  const runId = /^run (\S+) of sandbox: running\n$/.exec(triggered.stdout)?.[1];
  t.ok(runId, `the run id is printed: ${triggered.stdout}`);
  const run = await finished;
  t.equal(run.id, runId, 'the run the CLI started is the one that ran');
  t.equal(run.state, 'succeeded');

  const runs = await waybill(['runs', 'sandbox'], env);
  t.equal(runs.code, 0, runs.stderr);
  t.match(runs.stdout, /^ID +COURIER +TRIGGER +STATE +STARTED +FINISHED +CLAIMED +UPDATED +NOT FOUND +FAILED +ERROR\n/);
  t.match(runs.stdout, new RegExp(`\\n${runId} +sandbox +manual +succeeded +\\S+ +\\S+ +1 +1 +0 +0 +-\\n`));
  t.same((JSON.parse((await waybill(['runs', '--json', '--limit', '1'], env)).stdout) as { runs: { id: string }[] }).runs.map((r) => r.id), [runId]);
  t.match((await waybill(['runs', 'nobody'], env)).stdout, /^no runs of nobody yet\n$/);

  const shipment = await service.app.waybill.store.shipments.get('sandbox', 'SBX-DELIVERED-1');
  const tracked = await waybill(['track', 'sandbox', 'SBX-DELIVERED-1'], env);
  t.equal(tracked.code, 0, tracked.stderr);
  t.match(tracked.stdout, `sandbox SBX-DELIVERED-1\n  status     ${shipment!.status} raw ${shipment!.rawStatus}\n  order      order-SBX-DELIVERED-1\n`);
  t.match(tracked.stdout, /\n\nAT +STATUS +RAW +LOCATION\n\S+ +info_received +/, 'the events, newest first');
  const trackedJson = JSON.parse((await waybill(['track', 'sandbox', 'SBX-DELIVERED-1', '--json'], env)).stdout) as Record<string, unknown>;
  t.match(trackedJson, { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', status: shipment!.status, source: 'cache' });
  t.match(JSON.parse((await waybill(['track', 'sandbox', 'SBX-DELIVERED-1', '--json', '--refresh'], env)).stdout), { source: 'live' }, '--refresh asks the courier');
});

t.test('errors: the API message and a non-zero exit code', async (t) => {
  const { env } = await startService(t);

  const unknownShipment = await waybill(['track', 'sandbox', 'SBX-NOPE-1'], env);
  t.equal(unknownShipment.code, 1);
  t.match(unknownShipment.stderr, /^waybill: 404 [^:]+: no shipment SBX-NOPE-1 is tracked for courier sandbox/);
  t.equal(unknownShipment.stdout, '');
  const unknownCourier = await waybill(['trigger', 'nope'], env);
  t.equal(unknownCourier.code, 1);
  t.match(unknownCourier.stderr, /^waybill: 404 [^:]+: unknown courier "nope"/);

  const badKey = await waybill(['couriers', '--api-key', 'not-the-key-0123456789'], env);
  t.equal(badKey.code, 1);
  t.match(badKey.stderr, /^waybill: 401 [^:]+: the API key is not valid.* \(set --api-key or WAYBILL_API_KEY\)\n$/);
  const noKey = await waybill(['couriers'], { WAYBILL_URL: env.WAYBILL_URL! });
  t.equal(noKey.code, 1);
  t.match(noKey.stderr, /^waybill: 401 [^:]+: missing Authorization: Bearer <key> header/);

  const port = await freePort(); // bound, then released: nothing listens there
  const unreachable = await waybill(['couriers', '--url', `http://127.0.0.1:${port}`], env);
  t.equal(unreachable.code, 1);
  t.match(unreachable.stderr, new RegExp(`^waybill: cannot reach the Waybill service at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
});

t.test('usage errors exit with 2 and say what is expected', async (t) => {
  const missing = await waybill(['track', 'sandbox']);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /^waybill: usage: waybill track <courier> <tracking-number>/);
  const unknown = await waybill(['deliver']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /unknown command "deliver"\nusage: waybill <command>/);
  t.equal((await waybill(['runs', '--limit', 'many'])).code, 2);
  t.equal((await waybill(['couriers', '--colour'])).code, 2);
  const help = await waybill(['--help']);
  t.equal(help.code, 0);
  for (const command of ['track', 'couriers', 'runs', 'trigger', 'new-courier']) t.match(help.stdout, `\n  waybill ${command}`);
});
