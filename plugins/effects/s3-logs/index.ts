import { AsyncTask, SimpleIntervalJob } from 'toad-scheduler';
import { ConfigError, defineEffect } from 'waybill';
import { LogBucket } from './bucket.js';
import { runLogEffect } from './effect.js';
import { S3LogsOptionsSchema, type S3LogsOptions } from './options.js';
import { RunLogs, type FlushReport } from './run-logs.js';

export { S3_LOGS_EFFECT_NAME } from './effect.js';
export type { CallLine, LogLine, RunLine } from './lines.js';
export { S3LogsOptionsSchema, type S3LogsOptions } from './options.js';
export { RUNLOG_UPLOADED, type FailedUpload, type FlushReport, type UploadedLog } from './run-logs.js';

export interface S3Logs {
  options: S3LogsOptions;
  /** The spool directory, resolved. */
  spoolDir: string;
  /** Seal and upload every courier's spool now (what the interval job does). */
  flush(): Promise<FlushReport>;
}

declare module 'fastify' {
  interface FastifyInstance {
    s3Logs: S3Logs;
  }
}

const FLUSH_JOB_ID = 's3-logs:flush';

function parseEndpoint(endpoint: string, source: string): URL {
  try {
    return new URL(endpoint);
  } catch {
    throw new ConfigError(`${source}: not a URL`);
  }
}

/**
 * Per-courier run logs in S3: each finished run's record, its API calls and the unmapped statuses it met
 * are spooled on disk and uploaded as one NDJSON object per flush (a spool reaching `flushBytes`, every
 * `flushIntervalMinutes`, and at shutdown); each upload is announced as a `runlog.uploaded` notice with a
 * presigned GET URL. On when WAYBILL_EFFECT_S3_LOGS_BUCKET is set.
 */
export default defineEffect(
  { name: 's3-logs', displayName: 'Run logs in S3', options: S3LogsOptionsSchema, requires: ['bucket'] },
  async ({ app, options, log, schedule, sourceOf }) => {
    const endpoint = options.endpoint === undefined ? null : parseEndpoint(options.endpoint, sourceOf('/endpoint'));
    const { store, outbox, clock, effects } = app.waybill;
    const bucket = new LogBucket(options.bucket, options);
    const logs = new RunLogs({ options, bucket, apiCalls: store.apiCalls, announce: (notice) => outbox.announce(notice), clock, log });
    effects.register(runLogEffect(logs));
    app.decorate('s3Logs', { options, spoolDir: logs.spoolDir, flush: () => logs.flush() });
    log.info(
      { bucket: options.bucket, region: options.region, endpoint: endpoint?.origin ?? null, prefix: options.prefix, spoolDir: logs.spoolDir, flushBytes: options.flushBytes, flushIntervalMinutes: options.flushIntervalMinutes },
      's3-logs: run logs go to S3',
    );

    if (schedule) {
      app.addHook('onReady', async () => {
        const task = new AsyncTask(
          FLUSH_JOB_ID,
          async () => void (await logs.flush()),
          (error) => log.error({ err: error }, 's3-logs: scheduled flush failed; the spool is kept for the next one'),
        );
        const milliseconds = Math.round(options.flushIntervalMinutes * 60_000);
        app.scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ milliseconds }, task, { preventOverrun: true, id: FLUSH_JOB_ID }));
      });
    }
    // Registered after the core, so it runs before the store closes (onClose hooks run last-registered first)
    // and the notices can still be written.
    app.addHook('onClose', async () => {
      try {
        const report = await logs.flush();
        if (report.uploaded.length > 0) log.info({ uploaded: report.uploaded.length }, 's3-logs: flushed at shutdown');
      } catch (error) {
        log.error({ err: error }, 's3-logs: flush at shutdown failed; the spool is kept for the next start');
      } finally {
        bucket.close();
      }
    });
  },
);
