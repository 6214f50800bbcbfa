import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { buildApp } from '../../core/app.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { tempDir } from '../helpers/app.js';
import { SANDBOX_SECRET } from '../helpers/sandbox.js';

/** Poll `read` until `done` holds; fail with the last value seen once the deadline passes. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

t.test('scheduling on: a run at start, then runs by cron, never two runs of one courier at once', async (t) => {
  const sim = await SandboxSimulator.start({ clientId: 'sandbox-client', clientSecret: SANDBOX_SECRET });
  const config = loadConfig({
    WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}`,
    WAYBILL_COURIER_SANDBOX_BASE_URL: sim.url,
    WAYBILL_COURIER_SANDBOX_CLIENT_ID: 'sandbox-client',
    WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: SANDBOX_SECRET,
    WAYBILL_COURIER_SANDBOX_CRON: '* * * * * *',
    WAYBILL_COURIER_SANDBOX_REQUEST_TIMEOUT_MS: '1500',
  });
  const app = await buildApp({ config, couriers: [sandbox], logger: false });
  t.teardown(async () => {
    await app.close();
    await sim.close();
  });
  // The first tracking call hangs until the request timeout, so the run at start is still going when the
  // cron fires: a scheduler that let runs overlap would start a second one then.
  await app.waybill.store.shipments.register([{ courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' }], new Date());
  sim.server.injectFault({ kind: 'timeout' }, { match: (request) => request.path === '/v1/tracking/batch' });
  await app.ready();

  const finishedRuns = async () => (await app.waybill.store.runs.list({ courier: 'sandbox', limit: 100 })).filter((run) => run.finishedAt !== null);
  const runs = await waitFor(finishedRuns, (found) => found.filter((run) => run.trigger === 'schedule').length >= 2, 'two scheduled runs');
  const byStart = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  t.match(byStart[0], { trigger: 'start', counts: { claimed: 1, failed: 1 } }, 'the first run is the run at start, slowed by the timeout');
  t.ok(byStart.slice(1).every((run) => run.trigger === 'schedule'), 'the later runs come from the cron');
  const overlapping = byStart.slice(1).filter((run, i) => Date.parse(run.startedAt) < Date.parse(byStart[i]!.finishedAt!));
  t.same(overlapping.map((run) => run.id), [], 'each run starts after the previous one finished');
});
