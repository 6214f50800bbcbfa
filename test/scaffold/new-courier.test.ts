import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { scaffoldCourier } from '../../core/scaffold/new-courier.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARENT = join(ROOT, 'test', '.scaffold-tmp', String(process.pid));

async function runKit(dir: string, name: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tap/dist/esm/run.mjs'), '--disable-coverage', '-R', 'tap', join(dir, `${name}.kit.test.ts`)], { cwd: ROOT, timeout: 120_000 });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

t.test('a scaffolded courier passes the kit; a missing status row or a batch too large fails it by name', async (t) => {
  mkdirSync(PARENT, { recursive: true });
  t.teardown(() => rmSync(PARENT, { recursive: true, force: true }));
  const name = 'acme-express';
  const dir = scaffoldCourier(name, PARENT);
  t.throws(() => scaffoldCourier(name, PARENT), /already exists/);
  t.throws(() => scaffoldCourier('Acme Express', PARENT), /must be lower case/);

  const generated = await runKit(dir, name);
  t.ok(generated.ok, 'the generated plugin passes the contract kit');
  t.notMatch(generated.output, /^\s*not ok/m, 'no check failed');

  const statuses = join(dir, 'statuses.ts');
  const original = readFileSync(statuses, 'utf8');
  writeFileSync(statuses, original.replace("  { status: 'LOST', to: 'lost' },\n", ''));
  const missingRow = await runKit(dir, name);
  t.notOk(missingRow.ok, 'removing a status row fails the kit');
  t.match(missingRow.output, /unmapped documented statuses: LOST/);
  writeFileSync(statuses, original);

  const declaration = join(dir, 'declaration.ts');
  writeFileSync(declaration, readFileSync(declaration, 'utf8').replace('batchSize: 10,', 'batchSize: 11,'));
  const tooBig = await runKit(dir, name);
  t.notOk(tooBig.ok, 'a batch size larger than the fixtures allow fails the kit');
  t.match(tooBig.output, /the courier refused 11 numbers in one request \(the declared batchSize is 11\): .*between 1 and 10 numbers per request/);
});
