import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import t from 'tap';
import ts from 'typescript';
import { startSandboxApp } from '../helpers/sandbox.js';

const SOURCES = fileURLToPath(new URL('./.typed-client/', import.meta.url));
const OUT = fileURLToPath(new URL('../../.cache/typed-client/', import.meta.url));
const KEY = 'typed-client-key-0123456789';

/** Compiles the client and its use against the generated types; the diagnostics, formatted, if any. */
function compile(dir: string): string {
  const program = ts.createProgram([join(dir, 'client.ts'), join(dir, 'track.ts')], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    types: [],
    outDir: join(dir, 'out'),
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' });
}

t.test('a client generated from the live OpenAPI document compiles and drives the real service', async (t) => {
  const { app } = await startSandboxApp(t, { env: { WAYBILL_API_KEYS: KEY } });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const document = await (await fetch(`${base}/docs/json`)).json();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'openapi.json'), JSON.stringify(document, null, 2));
  writeFileSync(join(OUT, 'waybill-api.d.ts'), astToString(await openapiTS(document)));
  for (const file of ['client.ts', 'track.ts']) copyFileSync(join(SOURCES, file), join(OUT, file));
  t.equal(compile(OUT), '', 'the client and its use type-check against the generated types');

  // Typed loosely here: the repository's type-check must not reach the client's sources (no generated types there).
  const { waybillClient } = (await import(pathToFileURL(join(OUT, 'out', 'client.js')).href)) as { waybillClient: (base: string, key: string) => unknown };
  const { registerRunAndRead } = (await import(pathToFileURL(join(OUT, 'out', 'track.js')).href)) as {
    registerRunAndRead: (client: unknown, trackingNumber: string, orderId: string) => Promise<{ shipment: { lastCheckedAt: string | null } }>;
  };
  const result = await registerRunAndRead(waybillClient(base, KEY), 'SBX-DELIVERED-1', 'order-typed-1');
  t.match(result, {
    detected: true,
    runState: 'succeeded',
    shipment: { courier: 'sandbox', trackingNumber: 'SBX-DELIVERED-1', orderId: 'order-typed-1', rawStatus: 'LABEL_CREATED', source: 'cache', events: [{ status: 'LABEL_CREATED' }] },
  });
  t.ok(result.shipment.lastCheckedAt, 'the run checked it');
});
