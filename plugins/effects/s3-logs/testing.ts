import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import type { Notice, RunReport, SideEffect } from 'waybill';
import type { ManualClock, TestApp } from 'waybill/testing';
import { startS3, type S3Server, type StartS3Options } from '../../../test/helpers/s3.js';
import type { SandboxSimulator } from '../../couriers/sandbox/index.js';
import { startSandboxHarness } from '../../couriers/sandbox/testing.js';
import s3Logs, { RUNLOG_UPLOADED, type LogLine } from './index.js';

export const T0 = '2026-05-01T10:00:00.000Z';
export const BUCKET = 'waybill-run-logs';
export const PREFIX = 'waybill/run-logs/';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * An S3 server for the test file with the bucket made; its credentials are put where the AWS SDK's default
 * chain finds them (the environment), as they would be in production.
 */
export async function startBucket(t: Teardown, options: StartS3Options = {}): Promise<S3Server> {
  const s3 = await startS3(options);
  t.teardown(() => s3.stop());
  process.env.AWS_ACCESS_KEY_ID = s3.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.secretAccessKey;
  await s3.createBucket(BUCKET);
  return s3;
}

/** A side effect that keeps the run reports and `runlog.uploaded` notices it is delivered. */
export function recorder(): { effect: SideEffect; notices: Notice[]; reports: RunReport[] } {
  const notices: Notice[] = [];
  const reports: RunReport[] = [];
  const effect: SideEffect = {
    name: 'recorder',
    statusChanges: false,
    runReports: true,
    notices: [RUNLOG_UPLOADED],
    async deliver(message) {
      if (message.type === 'notice') notices.push(message);
      if (message.type === 'run.finished') reports.push(message);
    },
  };
  return { effect, notices, reports };
}

export interface LoggingAppOptions {
  clock: ManualClock;
  s3: Pick<S3Server, 'endpoint' | 'region'>;
  spoolDir: string;
  sideEffects?: readonly SideEffect[];
  /** More WAYBILL_EFFECT_S3_LOGS_* (or other) variables. */
  env?: Record<string, string>;
  simulator?: SandboxSimulator;
}

/**
 * The real app (SQLite store, engine, outbox) with the sandbox courier against its simulator and the
 * s3-logs effect configured from variables, as the service would configure it.
 */
export function startLoggingApp(t: Teardown, options: LoggingAppOptions): Promise<TestApp & { sim: SandboxSimulator }> {
  return startSandboxHarness(t, {
    clock: options.clock,
    simulator: options.simulator,
    effects: [s3Logs],
    sideEffects: options.sideEffects,
    env: {
      WAYBILL_EFFECT_S3_LOGS_BUCKET: BUCKET,
      WAYBILL_EFFECT_S3_LOGS_ENDPOINT: options.s3.endpoint,
      WAYBILL_EFFECT_S3_LOGS_REGION: options.s3.region,
      WAYBILL_EFFECT_S3_LOGS_SPOOL_DIR: options.spoolDir,
      ...options.env,
    },
  });
}

export async function register(app: FastifyInstance, ...trackingNumbers: string[]): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments: trackingNumbers.map((trackingNumber) => ({ courier: 'sandbox', trackingNumber })) } });
  if (res.statusCode !== 201) throw new Error(`registering shipments failed: ${res.statusCode} ${res.body}`);
}

/** Every outbox message due now delivered (a delivery can enqueue more: a notice after an upload). */
export async function drain(app: FastifyInstance): Promise<void> {
  while ((await app.waybill.outbox.drain()) > 0);
}

/** One sandbox run a few seconds after the last, its report delivered; returns the run's id. */
export async function runOnce(app: FastifyInstance, clock: ManualClock): Promise<string> {
  clock.advance(7_000);
  const run = await app.waybill.engine.runToCompletion('sandbox', 'manual');
  if (!run) throw new Error('the sandbox run did not start');
  await drain(app);
  return run.id;
}

export function s3Client(s3: S3Server): S3Client {
  return new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
}

export async function listKeys(client: S3Client, prefix = PREFIX): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

export async function getObject(client: S3Client, key: string): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { bytes: Buffer.from(await got.Body!.transformToByteArray()), contentType: got.ContentType };
}

export function parseLines(bytes: Buffer): LogLine[] {
  return bytes.toString('utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LogLine);
}

/** The run ids of the `run` lines, in order. */
export function runIdsOf(lines: readonly LogLine[]): string[] {
  return lines.filter((line) => line.type === 'run').map((line) => line.runId);
}
