import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { SimServer, tempDir } from '../../core/testing/index.js';

/**
 * A courier plugin written in its own repository (test/plugins/third-party-courier): compiled against the
 * types `waybill` exports, packed, installed from its tarball into an operator's folder beside Waybill, and
 * loaded by the service from WAYBILL_PLUGINS alone. Waybill is linked into both folders as `npm link` does.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const npm = (cwd: string, ...args: string[]) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, timeout: 120_000 });

function linkWaybill(project: string): void {
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(project, 'node_modules', 'waybill'), 'dir');
}

/** Starts `npm start`'s entry (the built service) in `cwd`; resolves with its address once it listens. */
function startService(cwd: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/core/main.js')], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not listen within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (address) {
        clearTimeout(timer);
        resolve({ url: address, child, output: () => output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}):\n${output}`));
    });
  });
}

t.test('a courier plugin from its own package builds against the exports and runs, loaded by configuration alone', async (t) => {
  if (!existsSync(join(ROOT, 'dist/core/index.d.ts'))) await npm(ROOT, 'run', 'build');
  const dir = tempDir(t);

  const author = join(dir, 'waybill-courier-acme-parcel');
  cpSync(join(ROOT, 'test/plugins/third-party-courier'), author, { recursive: true });
  linkWaybill(author);
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', author], { cwd: author, timeout: 120_000 });
  await npm(author, 'pack', '--pack-destination', dir);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  t.equal(tarball, 'waybill-courier-acme-parcel-1.0.0.tgz', 'the plugin packs');

  const operator = join(dir, 'shop');
  mkdirSync(operator);
  writeFileSync(join(operator, 'package.json'), JSON.stringify({ name: 'shop-tracking', private: true }));
  // The plugin's only dependency is its peer, waybill, linked in afterwards (npm would prune the link).
  await npm(operator, 'install', '--offline', '--legacy-peer-deps', '--no-package-lock', join(dir, tarball!));
  linkWaybill(operator);
  t.ok(existsSync(join(operator, 'node_modules/waybill-courier-acme-parcel/dist/index.js')), 'installed from the tarball');

  const sim = await SimServer.start((req) => {
    if (req.headers['x-api-key'] !== 'acme-key-0123456789') return { status: 401, json: { error: 'bad key' } };
    const ids = (req.query.ids ?? '').split(',');
    return {
      json: {
        parcels: ids.filter((id) => id.startsWith('AP-')).map((id) => ({ id, status: 'DELIVERED', scans: [{ at: '2026-05-01T09:00:00Z', status: 'DELIVERED' }] })),
        unknown: ids.filter((id) => !id.startsWith('AP-')),
      },
    };
  });
  t.teardown(() => sim.close());
  const service = await startService(operator, {
    PORT: '0',
    WAYBILL_STORE: `sqlite:${join(operator, 'waybill.db')}`,
    WAYBILL_SANDBOX: 'off',
    WAYBILL_PLUGINS: 'waybill-courier-acme-parcel',
    WAYBILL_COURIER_ACME_PARCEL_BASE_URL: sim.url,
    WAYBILL_COURIER_ACME_PARCEL_API_KEY: 'acme-key-0123456789',
  });
  t.teardown(() => void service.child.kill('SIGTERM'));
  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${service.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  t.match((await api('/v1/couriers/acme-parcel')).json, { name: 'acme-parcel', displayName: 'Acme Parcel', enabled: true, batchSize: 5 });
  t.equal((await api('/v1/shipments', { shipments: [{ courier: 'acme-parcel', trackingNumber: 'AP-1' }, { courier: 'acme-parcel', trackingNumber: 'XX-9' }] })).status, 201);
  const started = await api('/v1/couriers/acme-parcel/runs', {});
  t.equal(started.status, 202, 'a run starts');
  let runState: Record<string, unknown> = {};
  for (let i = 0; i < 100 && (runState.state ?? 'running') === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    runState = (await api(`/v1/runs/${String(started.json.runId)}`)).json;
  }
  t.match(runState, { state: 'succeeded', counts: { claimed: 2, requests: 1, updated: 1, notFound: 1 } });
  t.match((await api('/v1/shipments/acme-parcel/AP-1')).json, { status: 'delivered', rawStatus: 'DELIVERED', active: false });
  t.match((await api('/v1/shipments/acme-parcel/XX-9')).json, { status: 'info_received', lastError: 'not found: unknown to Acme Parcel' });
  t.same(sim.requests.map((r) => [r.path, (r.query.ids ?? '').split(',').sort()]), [['/v2/parcels', ['AP-1', 'XX-9']]], 'one request carried the batch');
  t.notMatch(service.output(), /acme-key-0123456789/, 'the API key never reaches the log');
});
