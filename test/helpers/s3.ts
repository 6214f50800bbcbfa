/**
 * Starts a throw-away S3-compatible server (gofakes3, `fs` backend) on 127.0.0.1 for tests.
 *
 * The binary is built by `bash test/setup/s3.sh` into `<repo>/.cache/bin/gofakes3`; when it is missing,
 * `startS3()` runs that script itself, so a fresh clone passes. Each call gets a free port (or the one
 * asked for) and a temp data directory (or the one given, to start a server again on the same data);
 * `stop()` terminates the server (SIGTERM, then SIGKILL) and removes a data directory it created.
 * gofakes3 accepts any credentials and does not check signatures (presigned URLs included).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { repoRoot } from './repo-root.js';
import { freePort, retryWhilePortTaken, startServerProcess } from './server-process.js';

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
const PORT_ATTEMPTS = 3;

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

export async function startS3(options: StartS3Options = {}): Promise<S3Server> {
  const bin = await gofakes3Binary();
  // Another process may take the free port between the probe and the bind: then another one.
  return retryWhilePortTaken(options.port === undefined ? PORT_ATTEMPTS : 1, async () => {
    const port = options.port ?? (await freePort());
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'waybill-s3-')));
    const server = await startServerProcess({
      name: 'gofakes3',
      command: bin,
      args: ['-host', `127.0.0.1:${port}`, '-backend', 'fs', '-fs.path', dataDir, '-fs.create'],
      cwd: dataDir,
      ownedDir: options.dataDir === undefined ? dataDir : undefined,
      address: `127.0.0.1:${port}`,
      readiness: 'answering',
      isReady: () => answersAsS3(port),
      readyTimeoutMs: READY_TIMEOUT_MS,
      probeIntervalMs: 25,
      stopGraceMs: 3_000,
      orphanGraceMs: 0,
    });

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
          await server.stop();
        })();
        return stopping;
      },
    };
  });
}
