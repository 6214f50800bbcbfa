import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/repo-root.js';

const ROOT = repoRoot();
export const CLI = join(ROOT, 'dist/core/cli/main.js');
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI the tests run is the built one, as `npx waybill` runs it; built here when missing. */
export async function ensureBuiltCli(): Promise<void> {
  if (!existsSync(CLI)) await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 300_000 });
}

/** Runs `waybill <args>` as a child process, with only the WAYBILL_* variables given in `env`. */
export async function waybill(args: readonly string[], env: Record<string, string> = {}, cwd = ROOT): Promise<CliResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WAYBILL_')));
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, env: { ...inherited, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
