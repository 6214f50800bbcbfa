import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import type { Run } from '../../core/store/types.js';
import { startSourceService } from '../helpers/source-service.js';

const LEASE_SECONDS = 5;

/** The sandbox slowed to one request a second, so that a run is still going when its process is killed. */
const startService = (store: string) =>
  startSourceService({
    WAYBILL_STORE: store,
    WAYBILL_LEASE_SECONDS: String(LEASE_SECONDS),
    WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '1',
    WAYBILL_COURIER_SANDBOX_CONCURRENCY: '1',
    WAYBILL_COURIER_SANDBOX_QUOTA_REQUESTS: '1',
    WAYBILL_COURIER_SANDBOX_QUOTA_WINDOW_SECONDS: '1',
  });

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  for (const started = Date.now(); ; await sleep(200)) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
  }
}

t.test('a run whose process is SIGKILLed mid-run is closed as abandoned, with its counts, by the next instance', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-test-'));
  const services: { kill(): Promise<void> }[] = [];
  // The services are gone before their store's directory goes (a live one would still be writing into it).
  t.teardown(async () => {
    for (const service of services) await service.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = `sqlite:${join(dir, 'waybill.db')}`;
  const first = await startService(store);
  services.push(first);
  const shipments = Array.from({ length: 30 }, (_, i) => ({ courier: 'sandbox', trackingNumber: `SBX-DELIVERED-${i}` }));
  await first.api('/v1/shipments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shipments }) });
  const { runId } = (await first.api<{ runId: string }>('/v1/couriers/sandbox/runs', { method: 'POST' })).body;
  const seen = await waitFor('the run to check a few shipments', async () => (await first.api<Run>(`/v1/runs/${runId}`)).body, (run) => run.counts.claimed >= 3, 30_000);
  t.equal(seen.state, 'running');
  await first.kill();
  const second = await startService(store);
  services.push(second);
  const started = Date.now();
  const frozen = await waitFor('the run to be closed', async () => (await second.api<Run>(`/v1/runs/${runId}`)).body, (run) => run.state !== 'running', 30_000);
  t.ok(Date.now() - started < 2 * LEASE_SECONDS * 1000, 'closed within a lease and a sweep of the second instance starting');
  t.match(frozen, { state: 'abandoned', finishedAt: String, error: /stopped sending heartbeats/ });
  t.ok(frozen.counts.claimed >= seen.counts.claimed, `the counts it had written are kept (claimed ${frozen.counts.claimed})`);
  t.ok(Date.parse(frozen.finishedAt!) - Date.parse(frozen.heartbeatAt) > LEASE_SECONDS * 1000, 'only after a lease without a heartbeat');
});
