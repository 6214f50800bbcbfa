import t from 'tap';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { startTestApp } from '../helpers/app.js';

t.test('smoke', async (t) => {
  const sim = await SandboxSimulator.start({ clientId: 'id', clientSecret: 'secret-value-123' });
  t.teardown(() => sim.close());
  const { app } = await startTestApp(t, {
    couriers: [sandbox],
    env: { WAYBILL_COURIER_SANDBOX_BASE_URL: sim.url, WAYBILL_COURIER_SANDBOX_CLIENT_ID: 'id', WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: 'secret-value-123' },
  });
  const res = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1' } });
  t.equal(res.statusCode, 201);
  const run = await app.waybill.engine.runToCompletion('sandbox', 'manual');
  t.equal(run?.state, 'succeeded');
});
