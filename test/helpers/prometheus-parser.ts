/**
 * Parses a Prometheus text exposition with Python's prometheus_client (the Prometheus project's own parser),
 * so a test asserts on what a scraper reads, not on regular expressions over the text. The venv is made by
 * `bash test/setup/prometheus-client.sh` (run by `npm pretest`); when it is missing, this runs that script.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-root.js';

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  /** NaN and infinities as Prometheus writes them: "NaN", "+Inf", "-Inf". */
  value: number | string;
}

/** A family as the parser reports it: a counter's family name drops the `_total` its samples carry. */
export interface ParsedFamily {
  name: string;
  type: string;
  help: string;
  samples: ParsedSample[];
}

const SETUP_TIMEOUT_MS = 5 * 60_000;

function run(file: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd: repoRoot(), timeout: SETUP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function python(): Promise<string> {
  const root = repoRoot();
  const bin = path.join(root, '.cache', 'prometheus-venv', 'bin', 'python');
  if (!existsSync(bin)) await run('bash', [path.join(root, 'test', 'setup', 'prometheus-client.sh')]);
  return bin;
}

export async function parsePrometheusText(text: string): Promise<ParsedFamily[]> {
  const script = path.join(repoRoot(), 'test', 'helpers', 'prometheus-parse.py');
  return JSON.parse(await run(await python(), [script], text)) as ParsedFamily[];
}
