/**
 * Starts a throw-away S3-compatible server (gofakes3, `fs` backend) on 127.0.0.1 for tests.
 *
 * The binary is built by `bash test/setup/s3.sh` into `<repo>/.cache/bin/gofakes3`; when it is missing,
 * `startS3()` runs that script itself, so a fresh clone passes. Each call gets a free port (or the one
 * asked for) and a temp data directory (or the one given, to start a server again on the same data);
 * `stop()` terminates the server (SIGTERM, then SIGKILL) and removes a data directory it created.
 * gofakes3 accepts any credentials and does not check signatures (presigned URLs included).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3Server {
  /** e.g. `http://127.0.0.1:40123` */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where the server listens and keeps its buckets: pass both to `startS3` to start it again on the same data. */
  port: number;
  dataDir: string;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartS3Options {
  /** Listen on this port instead of a free one (to bring a stopped server back where clients expect it). */
  port?: number;
  /** Keep the buckets here; the caller owns it (stop() leaves it). Default: a temp dir that stop() removes. */
  dataDir?: string;
}

const REGION = 'us-east-1';
const ACCESS_KEY_ID = 'waybill-test-key';
const SECRET_ACCESS_KEY = 'waybill-test-secret';
const READY_TIMEOUT_MS = 60_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 3_000;
const PORT_ATTEMPTS = 3;
const OUTPUT_TAIL_CHARS = 4_096;

/**
 * Runs the server under a /bin/sh guard that owns a process group: SIGTERM to the shell is passed on to
 * the server, and when the shell's stdin (a pipe from this Node process) closes, because this process
 * exited or was killed, even by SIGKILL, the server is killed too (and a temp data directory the helper
 * made, $WAYBILL_S3_OWNED_DIR, removed), so no server outlives a crashed test.
 */
const GUARD = `
exec 3<&0
"$0" "$@" </dev/null 3<&- &
server=$!
trap 'kill -TERM "$server" 2>/dev/null' TERM INT HUP
(
  while read -r _ <&3; do :; done
  kill -KILL "$server" 2>/dev/null
  [ -n "$WAYBILL_S3_OWNED_DIR" ] && rm -rf "$WAYBILL_S3_OWNED_DIR"
) </dev/null >/dev/null 2>&1 &
guard=$!
exec 3<&-
while :; do
  wait "$server"
  status=$?
  kill -0 "$server" 2>/dev/null || break
done
kill "$guard" 2>/dev/null
exit "$status"
`;

/** Walks up from this file to the directory holding package.json (works from the sources and from dist/). */
function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(here, '..', '..');
  }
}

/** The gofakes3 binary, built by test/setup/s3.sh first when it is missing. */
async function gofakes3Binary(): Promise<string> {
  const root = repoRoot();
  const bin = path.join(root, '.cache', 'bin', 'gofakes3');
  if (existsSync(bin)) return bin;
  const script = path.join(root, 'test', 'setup', 's3.sh');
  await new Promise<void>((resolve, reject) => {
    execFile('bash', [script], { cwd: root, timeout: SETUP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      process.stderr.write(stderr);
      if (error) reject(new Error(`bash test/setup/s3.sh failed (${error.message}); it needs Go and the Go module proxy.\n${stdout}${stderr}`));
      else resolve();
    });
  });
  if (!existsSync(bin)) throw new Error(`bash test/setup/s3.sh finished but ${bin} does not exist`);
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not determine a free TCP port'));
        return;
      }
      probe.close((error) => (error ? reject(error) : resolve(address.port)));
    });
  });
}

/** True when the port answers ListBuckets as an S3 server does (not merely some process listening there). */
function answersAsS3(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('ListAllMyBucketsResult')));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class StartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

interface Running {
  child: ChildProcess;
  /** Set when the helper made the data directory (and removes it). */
  ownedDataDir: string | null;
  exited: Promise<void>;
  hasExited(): boolean;
  killGroup(signal: NodeJS.Signals): void;
  tail(): string;
}

function launch(bin: string, port: number, dataDir: string, ownsDataDir: boolean): Running {
  const args = ['-host', `127.0.0.1:${port}`, '-backend', 'fs', '-fs.path', dataDir, '-fs.create'];
  const env = { ...process.env, WAYBILL_S3_OWNED_DIR: ownsDataDir ? dataDir : '' };
  const child = spawn('/bin/sh', ['-c', GUARD, bin, ...args], { cwd: dataDir, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });

  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_TAIL_CHARS * 4) output = output.slice(-OUTPUT_TAIL_CHARS * 2);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.stdin?.on('error', () => {}); // EPIPE once the guard is gone

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (error) => {
      exited = true;
      collect(Buffer.from(`\n[spawn error] ${error.message}\n`));
      resolve();
    });
  });

  // The server alone must not keep Node alive: a test that forgets stop() still ends, and the guard then
  // takes the server down.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();

  return {
    child,
    ownedDataDir: ownsDataDir ? dataDir : null,
    exited: exitedPromise,
    hasExited: () => exited,
    killGroup(signal) {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    },
    tail: () => output.slice(-OUTPUT_TAIL_CHARS).trim(),
  };
}

const live = new Set<Running>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const running of live) {
      running.killGroup('SIGKILL');
      if (running.ownedDataDir) rmSync(running.ownedDataDir, { recursive: true, force: true });
    }
  });
}

async function waitReady(running: Running, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (running.hasExited()) {
      const tail = running.tail();
      throw new StartError(
        `gofakes3 exited before answering on 127.0.0.1:${port} (exit code ${running.child.exitCode ?? 'n/a'}, signal ${running.child.signalCode ?? 'none'}).\n--- output tail ---\n${tail}`,
        /address already in use/i.test(tail),
      );
    }
    if (await answersAsS3(port)) return;
    if (Date.now() > deadline) {
      throw new StartError(`gofakes3 did not answer on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms.\n--- output tail ---\n${running.tail()}`, false);
    }
    await sleep(25);
  }
}

async function terminate(running: Running): Promise<void> {
  if (!running.hasExited()) {
    try {
      running.child.kill('SIGTERM'); // the guard passes it on and waits for the server
    } catch {
      // already gone
    }
    const timer = setTimeout(() => running.killGroup('SIGKILL'), STOP_GRACE_MS);
    await running.exited;
    clearTimeout(timer);
  }
  running.child.stdin?.destroy();
  running.child.stdout?.destroy();
  running.child.stderr?.destroy();
}

export async function startS3(options: StartS3Options = {}): Promise<S3Server> {
  const bin = await gofakes3Binary();
  installExitHook();
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'waybill-s3-')));
  const removeOwnedDataDir = () => (ownsDataDir ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());

  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = options.port ?? (await freePort());
    const running = launch(bin, port, dataDir, ownsDataDir);
    live.add(running);
    try {
      await waitReady(running, port);
    } catch (error) {
      await terminate(running);
      live.delete(running);
      lastError = error;
      // Another process took the free port between the probe and the bind: try another one.
      if (error instanceof StartError && error.portInUse && options.port === undefined && attempt < PORT_ATTEMPTS) continue;
      await removeOwnedDataDir();
      throw error;
    }

    const endpoint = `http://127.0.0.1:${port}`;
    let client: S3Client | undefined;
    let stopping: Promise<void> | undefined;
    return {
      endpoint,
      region: REGION,
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      port,
      dataDir,
      async createBucket(name) {
        client ??= new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY } });
        try {
          await client.send(new CreateBucketCommand({ Bucket: name }));
        } catch (error) {
          // Our own server: a bucket that exists is ours (gofakes3 says BucketAlreadyExists).
          const code = (error as { name?: string }).name;
          if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
        }
      },
      stop() {
        stopping ??= (async () => {
          client?.destroy();
          try {
            await terminate(running);
          } finally {
            live.delete(running);
            await removeOwnedDataDir();
          }
        })();
        return stopping;
      },
    };
  }
  await removeOwnedDataDir();
  throw lastError instanceof Error ? lastError : new Error('gofakes3 failed to start');
}
