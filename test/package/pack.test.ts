import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { tempDir } from '../../core/testing/index.js';
import { repoRoot } from '../helpers/repo-root.js';
import { startServiceProcess } from '../helpers/service-process.js';

/**
 * The package as a courier author gets it: `npm pack`ed, installed from the tarball into an empty folder,
 * imported, its bin scaffolding a courier that tsc compiles against the installed types, and the installed
 * service loading that courier.
 *
 * Cost: the pack skips `prepare` (npm test has just built dist/; an extra tsc build would add ~45 s), and the
 * install skips install scripts (building better-sqlite3 from source takes ~90 s): the repository's own
 * better-sqlite3 binary, the same version, is copied in. Packages come from npm's cache (--prefer-offline).
 */
const ROOT = repoRoot();
const run = promisify(execFile);
const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const npm = (cwd: string, ...args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
const node = (cwd: string, ...args: string[]) =>
  run(process.execPath, args, { cwd, timeout: 60_000 }).then(
    ({ stdout }) => ({ ok: true, stdout, stderr: '' }),
    (error: { stdout?: string; stderr?: string }) => ({ ok: false, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
const importIn = (cwd: string, code: string) => node(cwd, '--input-type=module', '-e', code);

t.test('the packed tarball installs into an empty folder, and a courier is scaffolded, compiled and served from it', async (t) => {
  if (!existsSync(join(ROOT, 'dist/core/index.js'))) await npm(ROOT, 'run', 'build');
  const dir = tempDir(t);

  const packed = JSON.parse((await npm(ROOT, 'pack', '--ignore-scripts', '--json', '--pack-destination', dir)).stdout) as [{ filename: string; files: { path: string }[] }];
  const files = packed[0].files.map((f) => f.path);
  for (const built of ['dist/core/index.js', 'dist/core/index.d.ts', 'dist/core/testing/index.js', 'dist/core/cli/main.js', 'dist/core/main.js', 'dist/plugins/couriers/sandbox/index.js']) {
    t.ok(files.includes(built), `the tarball holds ${built}`);
  }
  t.same(files.filter((f) => !f.startsWith('dist/') && !f.endsWith('.md')), ['package.json'], 'and no sources or tests');
  t.notOk(files.some((f) => f.startsWith('dist/test/')), 'nor the compiled test helpers');

  const author = join(dir, 'author');
  mkdirSync(author);
  writeFileSync(join(author, 'package.json'), JSON.stringify({ name: 'my-couriers', private: true, type: 'module' }));
  await npm(author, 'install', '--ignore-scripts', join(dir, packed[0].filename), `@types/node@${own.devDependencies['@types/node']}`);
  const sqliteBinary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  mkdirSync(join(author, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
  copyFileSync(join(ROOT, sqliteBinary), join(author, sqliteBinary));

  const main = await importIn(author, "const w = await import('waybill'); console.log(typeof w.buildApp, typeof w.defineCourier, typeof w.NO_CHANGE)");
  t.same(main, { ok: true, stdout: 'function function string\n', stderr: '' }, 'waybill imports from the installed package');
  t.notOk(existsSync(join(author, 'node_modules/nock')), 'nock, an optional peer, is not installed with it');
  const withoutNock = await importIn(author, "await import('waybill/testing')");
  t.notOk(withoutNock.ok, 'waybill/testing needs nock');
  t.match(withoutNock.stderr, 'waybill/testing needs nock, an optional peer dependency of waybill: npm install --save-dev nock@^14');
  await npm(author, 'install', '--ignore-scripts', `nock@${own.devDependencies.nock}`);
  t.same(await importIn(author, "const k = await import('waybill/testing'); console.log(typeof k.runCourierContract)"), { ok: true, stdout: 'function\n', stderr: '' }, 'and imports once nock is there');

  const scaffolded = await run(join(author, 'node_modules/.bin/waybill'), ['new-courier', 'acme-parcel'], { cwd: author, timeout: 60_000 });
  t.equal(scaffolded.stdout, 'created acme-parcel; run: cd acme-parcel && npm install && npm test\n');
  const courier = join(author, 'acme-parcel');
  t.match(JSON.parse(readFileSync(join(courier, 'package.json'), 'utf8')), { name: 'waybill-courier-acme-parcel', peerDependencies: { waybill: `^${own.version}` } });
  t.match(readFileSync(join(courier, 'index.ts'), 'utf8'), "import { defineCourier } from 'waybill';");
  t.match(readFileSync(join(courier, 'testing.ts'), 'utf8'), "from 'waybill/testing';");
  const compiled = await node(courier, join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json');
  t.same(compiled, { ok: true, stdout: '', stderr: '' }, 'the scaffolded courier compiles against the installed types with its own tsconfig');
  t.ok(existsSync(join(courier, 'dist/index.js')) && existsSync(join(courier, 'dist/index.d.ts')), 'into its dist/');

  const service = await startServiceProcess(t, {
    command: process.execPath,
    args: [join(author, 'node_modules/waybill/dist/core/main.js')],
    cwd: author,
    env: {
      WAYBILL_STORE: `sqlite:${join(author, 'waybill.db')}`,
      WAYBILL_SANDBOX: 'off',
      WAYBILL_PLUGINS: './acme-parcel/dist/index.js',
      WAYBILL_COURIER_ACME_PARCEL_API_KEY: 'acme-parcel-key-0123456789',
      WAYBILL_COURIER_ACME_PARCEL_RUN_ON_START: 'false',
    },
  });
  const res = await fetch(`${service.url}/v1/couriers/acme-parcel`);
  t.equal(res.status, 200);
  t.match(await res.json(), { name: 'acme-parcel', enabled: true, batchSize: 10 }, 'the installed service serves the compiled courier');
});
