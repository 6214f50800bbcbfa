import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { StatusChange } from '../../core/effects/contract.js';
import { startReceiver } from '../../plugins/effects/webhook/receiver.js';
import { tempDir } from '../helpers/app.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;

/** `npm start`'s entry, the built service, with `env` only; resolves once it listens. */
function startService(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/core/main.js')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not listen within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) (clearTimeout(timer), resolve({ url, child }));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the service exited (${code}):\n${output}`))));
  });
}

const until = async (what: string, done: () => boolean, ms = 20_000) => {
  for (const started = Date.now(); !done(); ) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

t.test('npm start with only the webhook URL and secret sends signed webhooks for the sandbox; a SIGKILL mid-delivery loses nothing', async (t) => {
  t.ok(existsSync(join(ROOT, 'dist/core/main.js')), 'the service is built (npm test builds it first)');
  const receiver = await startReceiver(SECRET);
  t.teardown(() => receiver.close());
  const env = {
    WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}`,
    WAYBILL_EFFECT_WEBHOOK_URL: receiver.url,
    WAYBILL_EFFECT_WEBHOOK_SECRET: SECRET,
    WAYBILL_OUTBOX_LEASE_SECONDS: '5',
  };
  const first = await startService(env);
  t.teardown(() => void first.child.kill('SIGKILL'));
  const post = (base: string, path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  t.equal((await post(first.url, '/v1/shipments', { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-7', orderId: 'order-7' })).status, 201);

  receiver.state.mode = 'hang';
  // The sandbox also pushes deliveries of its own (SBX-PUSH-…): follow the registered shipment's.
  const ours = () => receiver.attempts.find((a) => a.body.includes('"SBX-DELIVERED-7"'));
  for (let i = 0; i < 3 && !ours(); i++) {
    await post(first.url, '/v1/couriers/sandbox/runs', {});
    await new Promise((r) => setTimeout(r, 1_500));
  }
  await until('the first delivery attempt', () => ours() !== undefined);
  const inFlight = ours()!;
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));

  receiver.state.mode = 'up';
  const second = await startService(env);
  t.teardown(() => void second.child.kill('SIGTERM'));
  await until('the redelivery after the crashed instance’s lease', () => receiver.accepted.some((a) => a.id === inFlight.id));
  const change = receiver.accepted.find((a) => a.id === inFlight.id)!;
  t.match(change, { type: 'shipment.status_changed', data: { trackingNumber: 'SBX-DELIVERED-7', orderId: 'order-7', courier: 'sandbox', from: 'info_received' } });
  t.same(receiver.rejected, [], 'every delivery verified with the Standard Webhooks library');
  t.ok(inFlight.headers['webhook-signature']?.toString().startsWith('v1,'), 'signed');

  await new Promise((r) => setTimeout(r, 2_000));
  t.equal(receiver.accepted.filter((a) => a.id === inFlight.id).length, 1, 'accepted once: the delivery was completed, not repeated');
  t.equal((change.data as unknown as StatusChange).registeredAt.length > 0, true);
});
