import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import type { Run } from '../../core/store/types.js';
import { startSourceService, type SourceService } from '../helpers/source-service.js';

const RUNS_EACH = 4;
const REGISTRATIONS_EACH = 20;

t.test('two processes on one SQLite file: both start at once, register and run side by side, and no run or write fails', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-test-'));
  const services: SourceService[] = [];
  // The services are gone before their store's directory goes (a live one would still be writing into it).
  t.teardown(async () => {
    for (const service of services) await service.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  // Started together on a fresh file: both migrate it at the same time. Small batches and no quota to
  // speak of, so the two processes contend for the write lock all the time.
  const env = {
    WAYBILL_STORE: `sqlite:${join(dir, 'waybill.db')}`,
    WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '2',
    WAYBILL_COURIER_SANDBOX_CONCURRENCY: '4',
    WAYBILL_COURIER_SANDBOX_QUOTA_REQUESTS: '1000',
    WAYBILL_COURIER_SANDBOX_QUOTA_WINDOW_SECONDS: '1',
  };
  services.push(...(await Promise.all([startSourceService(env), startSourceService(env)])));

  const statuses: number[] = [];
  const runIds: string[] = [];
  const work = services.map(async (service, s) => {
    for (let round = 0; round < REGISTRATIONS_EACH; round++) {
      const shipments = Array.from({ length: 10 }, (_, i) => ({ courier: 'sandbox', trackingNumber: `SBX-DELIVERED-${s}-${round}-${i}` }));
      const registered = await service.api('/v1/shipments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shipments }) });
      statuses.push(registered.status);
      if (round % (REGISTRATIONS_EACH / RUNS_EACH) === 0) {
        const started = await service.api<{ runId?: string }>('/v1/couriers/sandbox/runs', { method: 'POST' });
        if (started.body.runId) runIds.push(started.body.runId);
      }
    }
  });
  await Promise.all(work);
  t.same([...new Set(statuses)], [201], `all ${statuses.length} registrations answered 201`);

  const finished = async () => {
    for (const started = Date.now(); Date.now() - started < 60_000; await sleep(200)) {
      const runs = await Promise.all(runIds.map(async (id) => (await services[0]!.api<Run>(`/v1/runs/${id}`)).body));
      if (runs.every((run) => run.finishedAt !== null)) return runs;
    }
    throw new Error('the runs did not finish within 60 s');
  };
  const runs = await finished();
  t.ok(runs.length >= RUNS_EACH, `${runs.length} runs started across both processes`);
  t.same(
    runs.filter((run) => run.state !== 'succeeded' || run.counts.failed > 0).map((run) => ({ state: run.state, failed: run.counts.failed, error: run.error })),
    [],
    'every run succeeded, with no failed check',
  );
  t.ok(runs.reduce((n, run) => n + run.counts.updated, 0) > 0, 'and they did check shipments');
  const { body: page } = await services[1]!.api<{ items: { lastError: string | null }[] }>('/v1/shipments?courier=sandbox&limit=500');
  t.same(page.items.filter((s) => s.lastError !== null).map((s) => s.lastError), [], 'no shipment was backed off for an error');
});
