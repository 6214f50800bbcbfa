import t from 'tap';
import { METADATA_MAX_BYTES, PAGE_SIZE_MAX } from '../../core/http/limits.js';
import { startSandboxApp } from '../helpers/sandbox.js';

t.test('a full page of the largest shipments the API accepts is bounded, and /health stays fast while such pages are sent', async (t) => {
  const { app } = await startSandboxApp(t);
  const metadata = { note: 'x'.repeat(METADATA_MAX_BYTES - 100) };
  const inputs = Array.from({ length: PAGE_SIZE_MAX }, (_, i) => ({ courier: 'sandbox', trackingNumber: `SBX-DELIVERED-${i}`, metadata }));
  await app.waybill.store.shipments.register(inputs, new Date());
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const fullPage = async () => (await (await fetch(`${url}/v1/shipments?limit=${PAGE_SIZE_MAX}`)).arrayBuffer()).byteLength;
  await fullPage(); // warm: the first request compiles what the others reuse

  const pages = Array.from({ length: 4 }, fullPage);
  const started = performance.now();
  const health = await fetch(`${url}/health`);
  const healthMs = performance.now() - started;
  const sizes = await Promise.all(pages);
  t.equal(health.status, 200);
  t.ok(healthMs < 1_000, `/health answered in ${Math.round(healthMs)} ms while four full pages were being sent`);
  const bound = PAGE_SIZE_MAX * (METADATA_MAX_BYTES + 2_048);
  for (const size of sizes) t.ok(size < bound, `a full page is ${Math.round(size / 1024)} KiB, under ${Math.round(bound / 1024)} KiB`);
});
