import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { tempDir } from '../../core/testing/index.js';
import { repoRoot } from '../helpers/repo-root.js';
import { startServiceProcess } from '../helpers/service-process.js';

/**
 * The container image's start and health steps, run as the Dockerfile's CMD and HEALTHCHECK run them, without
 * Docker: the service from dist/ on a free port and a temporary SQLite file (the repository is only read).
 */
const ROOT = repoRoot();
const STEPS = join(ROOT, '.ci/container-steps.sh');
const run = promisify(execFile);

async function step(name: string, env: Record<string, string> = {}, script = STEPS): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run('bash', [script, ...(name ? [name] : [])], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stderr: e.stderr ?? '' };
  }
}

t.test('the start step serves from dist/, and the health step passes while it runs and fails once it stops', async (t) => {
  if (!existsSync(join(ROOT, 'dist/core/main.js'))) await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 300_000 });
  const dir = tempDir(t);
  const service = await startServiceProcess(t, {
    command: 'bash',
    args: [STEPS, 'start'],
    cwd: dir,
    env: { WAYBILL_STORE: `sqlite:${join(dir, 'waybill.db')}`, WAYBILL_SANDBOX: 'off' },
    readyPath: '/health/live',
  });
  const port = new URL(service.url).port;
  t.equal((await fetch(`${service.url}/health/ready`)).status, 200, 'ready: the store answers');
  t.ok(existsSync(join(dir, 'waybill.db')), 'on the store it was given');
  t.same(await step('health', { PORT: port }), { code: 0, stderr: '' }, 'the health step passes');

  await service.stop();
  t.equal((await step('health', { PORT: port })).code, 1, 'and fails once the service is gone');
});

t.test('the start step refuses without a build, and an unknown step is a usage error', async (t) => {
  const copy = tempDir(t);
  mkdirSync(join(copy, '.ci'));
  copyFileSync(STEPS, join(copy, '.ci/container-steps.sh'));
  t.same(await step('start', {}, join(copy, '.ci/container-steps.sh')), { code: 1, stderr: 'container-steps: dist/core/main.js is missing: run the build step first\n' });
  const unknown = await step('');
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /^usage: .*container-steps\.sh deps\|build\|prune\|start\|health\n$/);
});
