import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { BULK_REFRESH_MAX } from '../../core/http/routes/refresh-jobs.js';
import { askedNumbers, startSandboxApp, type SandboxApp } from '../helpers/sandbox.js';

interface Job {
  id: string;
  state: string;
  total: number;
  done: number;
  updated: number;
  unchanged: number;
  failed: number;
  failures: { trackingNumber: string; error: string }[];
}

async function refresh(h: SandboxApp, filter: object): Promise<Job> {
  const res = await h.app.inject({ method: 'POST', url: '/v1/shipments/refresh', payload: filter });
  if (res.statusCode !== 202) throw new Error(`POST /v1/shipments/refresh answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

async function finished(h: SandboxApp, id: string): Promise<Job> {
  for (;;) {
    const job = (await h.app.inject({ url: `/v1/refresh-jobs/${id}` })).json() as Job;
    if (job.state !== 'running') return job;
    await sleep(10);
  }
}

t.test('a bulk refresh checks the shipments its filter matches, and its job tells the progress', async (t) => {
  const h = await startSandboxApp(t);
  await h.register('SBX-DELIVERED-B1', 'SBX-DELIVERED-B2', 'SBX-DELIVERED-B3', 'SBX-RETURNED-B4');
  const accepted = await refresh(h, { courier: 'sandbox', trackingNumbers: ['SBX-DELIVERED-B1', 'SBX-DELIVERED-B2', 'SBX-UNKNOWN-9'] });
  t.match(accepted, { id: String, total: 2 });
  const job = await finished(h, accepted.id);
  t.match(job, { state: 'finished', total: 2, done: 2, updated: 2, unchanged: 0, failed: 0, failures: [] });
  t.same(askedNumbers(h.sim).sort(), ['SBX-DELIVERED-B1', 'SBX-DELIVERED-B2'], 'only the matching shipments were asked');
  t.not((await h.shipment('SBX-DELIVERED-B1')).lastCheckedAt, null, 'the check was stored');
  const audit = (await h.app.inject({ url: '/v1/shipments/sandbox/SBX-DELIVERED-B1/checks' })).json() as { items: { trigger: string; triggeredBy: string }[] };
  t.match(audit.items, [{ trigger: 'bulk', triggeredBy: 'anonymous' }], 'the audit log names the bulk refresh');

  const byOrder = await finished(h, (await refresh(h, { orderIds: ['order-SBX-RETURNED-B4', 'order-none'] })).id);
  t.match(byOrder, { total: 1, done: 1, updated: 1 });

  const checks = await Promise.all(['SBX-DELIVERED-B1', 'SBX-DELIVERED-B2', 'SBX-RETURNED-B4'].map(async (n) => (await h.shipment(n)).lastCheckedAt!));
  const firstCheck = checks.sort()[0]!;
  const stale = await finished(h, (await refresh(h, { notCheckedSince: firstCheck })).id);
  t.match(stale, { total: 1, done: 1 }, 'only the never-checked shipment (B3) was not checked since the first check');
  t.equal(askedNumbers(h.sim).filter((n) => n === 'SBX-DELIVERED-B3').length, 1);

  const none = await finished(h, (await refresh(h, { status: 'lost' })).id);
  t.match(none, { state: 'finished', total: 0, done: 0 });
});

t.test('a check the courier does not answer is counted failed, with the reason', async (t) => {
  const h = await startSandboxApp(t);
  await h.register('SBX-DELIVERED-F1');
  h.sim.server.injectFault({ kind: 'status', status: 500 }, { times: 10, match: (r) => r.path === '/v1/tracking/batch' });
  const job = await finished(h, (await refresh(h, { courier: 'sandbox', trackingNumbers: ['SBX-DELIVERED-F1'] })).id);
  t.match(job, { state: 'finished', total: 1, done: 1, failed: 1, failures: [{ trackingNumber: 'SBX-DELIVERED-F1', error: /./ }] });
});

t.test('the filter is validated, naming the field', async (t) => {
  const h = await startSandboxApp(t);
  const refused = async (payload: object) => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/shipments/refresh', payload });
    return { statusCode: res.statusCode, ...(res.json() as { code: string; message: string }) };
  };
  t.match(await refused({}), { statusCode: 400, code: 'VALIDATION_FAILED', message: /body must NOT have fewer than 1 properties/ });
  t.match(await refused({ orderIds: [] }), { statusCode: 400, code: 'VALIDATION_FAILED', message: /body\/orderIds/ });
  t.match(await refused({ courier: 'sandbox', trackingNumbers: ['has space'] }), { statusCode: 400, code: 'VALIDATION_FAILED', message: /body\/trackingNumbers\/0/ });
  t.match(await refused({ trackingNumbers: ['SBX-DELIVERED-1'] }), { statusCode: 400, code: 'VALIDATION_FAILED', message: /body\/courier is required with body\/trackingNumbers/ });
  t.match(await refused({ notCheckedSince: 'yesterday' }), { statusCode: 400, code: 'VALIDATION_FAILED', message: /body\/notCheckedSince/ });
  t.match(await refused({ status: 'flying' }), { statusCode: 400, code: 'VALIDATION_FAILED', message: /body\/status/ });
  t.match(await refused({ colour: 'red' }), { statusCode: 400, code: 'VALIDATION_FAILED', message: /unknown property 'colour'/ });
  t.match(await refused({ courier: 'nowhere' }), { statusCode: 400, code: 'UNKNOWN_COURIER', message: /body\/courier/ });
  t.match(await refused({ orderIds: Array.from({ length: 1001 }, (_, i) => `o${i}`) }), { statusCode: 400, message: /body\/orderIds/ });
  const missing = await h.app.inject({ url: '/v1/refresh-jobs/no-such-job' });
  t.match({ statusCode: missing.statusCode, ...missing.json() }, { statusCode: 404, code: 'REFRESH_JOB_NOT_FOUND' });
});

t.test(`a filter matching more than ${BULK_REFRESH_MAX} shipments is refused, nothing asked`, async (t) => {
  const h = await startSandboxApp(t);
  await h.register(...Array.from({ length: BULK_REFRESH_MAX + 1 }, (_, i) => `SBX-DELIVERED-M${i}`));
  const res = await h.app.inject({ method: 'POST', url: '/v1/shipments/refresh', payload: { courier: 'sandbox' } });
  t.equal(res.statusCode, 400);
  t.match(res.json(), { code: 'VALIDATION_FAILED', message: new RegExp(`matches ${BULK_REFRESH_MAX + 1} active shipments, more than the ${BULK_REFRESH_MAX}`) });
  t.same(askedNumbers(h.sim), []);
});
