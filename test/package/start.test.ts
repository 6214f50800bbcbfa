import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { tempDir } from '../../core/testing/index.js';
import { repoRoot } from '../helpers/repo-root.js';

const ROOT = repoRoot();
const run = promisify(execFile);

t.test('npm start runs the built service without compiling, and says what to do when dist/ is missing', async (t) => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  t.equal(scripts.prestart, undefined, 'nothing runs before it');
  t.notMatch(scripts.start, /tsc|build &&/, 'it does not compile');
  t.match(scripts.prepare, 'npm run build', 'npm install builds dist/ instead');

  const clone = tempDir(t);
  copyFileSync(join(ROOT, 'package.json'), join(clone, 'package.json'));
  const started = await run('npm', ['start', '--silent'], { cwd: clone, timeout: 30_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
  );
  t.equal(started.code, 1);
  t.equal(started.stderr, 'waybill: dist/core/main.js is missing: run npm run build (npm install runs it)\n');
});
