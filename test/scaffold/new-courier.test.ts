import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { scaffoldCourier, scaffoldTarget } from '../../core/scaffold/new-courier.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARENT = join(ROOT, 'test', '.scaffold-tmp', String(process.pid));
const run = promisify(execFile);
const IN_REPO = { parentDir: PARENT, standalone: false };

/** The generated kit test, run as a courier author runs it; `grep` limits it to the checks named. */
async function runKit(dir: string, name: string, grep?: string): Promise<{ ok: boolean; output: string }> {
  const args = [join(ROOT, 'node_modules/tap/dist/esm/run.mjs'), '--disable-coverage', '-R', 'tap', ...(grep ? [`--grep=${grep}`] : []), join(dir, `${name}.kit.test.ts`)];
  try {
    return { ok: true, output: (await run(process.execPath, args, { cwd: ROOT, timeout: 100_000 })).stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

t.test('a scaffolded courier has the layout of the real plugins and compiles alone against the package types', async (t) => {
  mkdirSync(PARENT, { recursive: true });
  t.teardown(() => rmSync(PARENT, { recursive: true, force: true }));
  const dir = scaffoldCourier('acme-parcel', IN_REPO);
  t.throws(() => scaffoldCourier('acme-parcel', IN_REPO), /already exists/);
  t.throws(() => scaffoldCourier('Acme Parcel', IN_REPO), /must be lower case/);

  const shiprocket = join(ROOT, 'plugins/couriers/shiprocket');
  const layout = (folder: string) => readdirSync(folder).filter((f) => !f.startsWith('shiprocket') && !f.startsWith('acme-parcel') && f !== 'tracking-data.ts' && f !== 'codes.ts');
  t.same(layout(dir).sort(), [...layout(shiprocket), 'simulator-data.json'].sort(), 'the same files as a real plugin (plus the simulator data)');
  t.ok(existsSync(join(dir, 'acme-parcel.kit.test.ts')), 'and its kit test');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8'));
  t.notOk(sources.some((s) => /from '\.\.?\//.test(s) && /from '(\.\.\/)+(core|config)\//.test(s)), 'no file imports core or config by path');
  t.match(readFileSync(join(dir, 'declaration.ts'), 'utf8'), /batchLimit: 10,/, 'the batch limit its simulator enforces is declared');

  if (!existsSync(join(ROOT, 'dist/core/index.d.ts'))) await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 120_000 });
  // Only the generated folder: `waybill` resolves to the package's declaration files, as in an author's repository.
  writeFileSync(
    join(PARENT, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, noUnusedLocals: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      include: ['acme-parcel'],
    }),
  );
  const tsc = [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(PARENT, 'tsconfig.json')];
  const compiled = await run(process.execPath, tsc, { cwd: PARENT, timeout: 100_000 }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  t.equal(compiled, '', 'the generated plugin type-checks');
  const files = (await run(process.execPath, [...tsc, '--listFilesOnly'], { cwd: PARENT, timeout: 100_000 })).stdout.split('\n');
  t.same(files.filter((f) => f.startsWith(join(ROOT, 'core')) || f.startsWith(join(ROOT, 'plugins'))), [], 'no source of the core or of another plugin was compiled');
  t.ok(files.some((f) => f.endsWith('dist/core/index.d.ts')), 'the package types were used');
});

t.test('in this repository a courier goes to plugins/couriers; anywhere else it is a package of its own', async (t) => {
  t.same(scaffoldTarget(ROOT), { parentDir: join(ROOT, 'plugins', 'couriers'), standalone: false });
  t.same(scaffoldTarget(join(ROOT, 'core', 'scaffold')), { parentDir: join(ROOT, 'plugins', 'couriers'), standalone: false }, 'from any folder of the repository');
  mkdirSync(PARENT, { recursive: true });
  t.teardown(() => rmSync(PARENT, { recursive: true, force: true }));
  writeFileSync(join(PARENT, 'package.json'), JSON.stringify({ name: 'my-couriers' }));
  const target = scaffoldTarget(PARENT);
  t.same(target, { parentDir: PARENT, standalone: true });

  const dir = scaffoldCourier('acme-freight', target);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
  t.equal(pkg.name as unknown, 'waybill-courier-acme-freight');
  t.same(pkg.peerDependencies, { waybill: `^${own.version}` }, 'waybill is its peer');
  t.match(pkg.devDependencies, { waybill: `^${own.version}`, nock: own.devDependencies.nock, tap: own.devDependencies.tap, typescript: own.devDependencies.typescript });
  t.match(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')), { compilerOptions: { outDir: 'dist', module: 'NodeNext' }, exclude: ['*.test.ts'] });
  t.notOk(existsSync(join(ROOT, 'plugins', 'couriers', 'acme-freight')), 'nothing written into the repository');
});

t.test('a scaffolded courier passes the kit; a missing status row or a batch too large fails it by name', async (t) => {
  mkdirSync(PARENT, { recursive: true });
  t.teardown(() => rmSync(PARENT, { recursive: true, force: true }));
  const name = 'acme-express';
  const dir = scaffoldCourier(name, IN_REPO);

  const generated = await runKit(dir, name);
  t.ok(generated.ok, 'the generated plugin passes the contract kit');
  t.notMatch(generated.output, /^\s*not ok/m, 'no check failed');

  const statuses = join(dir, 'statuses.ts');
  const original = readFileSync(statuses, 'utf8');
  writeFileSync(statuses, original.replace("  { status: 'LOST', to: 'lost' },\n", ''));
  const missingRow = await runKit(dir, name, 'documented raw status');
  t.notOk(missingRow.ok, 'removing a status row fails the kit');
  t.match(missingRow.output, /unmapped documented statuses: LOST/);
  writeFileSync(statuses, original);

  const declaration = join(dir, 'declaration.ts');
  const declared = readFileSync(declaration, 'utf8');
  writeFileSync(declaration, declared.replace('batchSize: 10,', 'batchSize: 11,'));
  const overLimit = await runKit(dir, name, 'batching');
  t.notOk(overLimit.ok, 'a batch size above the declared limit fails the kit');
  t.match(overLimit.output, /11 is more than AcmeExpress accepts in one request \(10\)/);

  writeFileSync(declaration, declared.replace('batchSize: 10,', 'batchSize: 11,').replace(/ *\/\*\*[^\n]*\*\/\n *batchLimit: 10,\n/, ''));
  const tooBig = await runKit(dir, name, 'batching');
  t.notOk(tooBig.ok, 'with no declared limit, a batch the courier refuses fails the kit');
  t.match(tooBig.output, /the courier refused 11 numbers in one request \(the declared batchSize is 11\): .*between 1 and 10 numbers per request/);
});
