import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiCallStore, Clock, Notice, RunReport } from 'waybill';
import { countRuns } from './blocks.js';
import type { LogBucket } from './bucket.js';
import { KeyedLock } from './keyed-lock.js';
import { runBlock } from './lines.js';
import { objectKey } from './object-key.js';
import type { S3LogsOptions } from './options.js';
import { CourierSpool, type SealedFile } from './spool.js';

/** The notice kind announced after each upload (the Slack effect posts it). */
export const RUNLOG_UPLOADED = 'runlog.uploaded';

/** After a failed upload, deliveries only spool (they do not try S3 again) for this long; flush() always tries. */
const UPLOAD_RETRY_PAUSE_MS = 60_000;

const COURIER_NAME = /^[a-z][a-z0-9-]*$/;

export interface UploadedLog {
  courier: string;
  bucket: string;
  key: string;
  bytes: number;
  runs: number;
  url: string;
  expiresAt: string;
}

export interface FailedUpload {
  courier: string;
  file: string;
  error: string;
}

export interface FlushReport {
  uploaded: UploadedLog[];
  failed: FailedUpload[];
}

export interface RunLogsDeps {
  options: Pick<S3LogsOptions, 'prefix' | 'flushBytes' | 'spoolDir'>;
  bucket: LogBucket;
  apiCalls: ApiCallStore;
  announce(notice: Omit<Notice, 'type' | 'at'>): Promise<void>;
  clock: Clock;
  log: FastifyBaseLogger;
}

/**
 * Every courier's run logs: spooled durably as reports arrive, uploaded one object per flush (when a spool
 * reaches `flushBytes`, or when flush() is called), and announced with a presigned URL.
 */
export class RunLogs {
  readonly spoolDir: string;
  readonly #spools = new Map<string, CourierSpool>();
  readonly #lock = new KeyedLock();
  /** Courier → the time (app clock, ms) before which a delivery does not try to upload again. */
  readonly #pausedUntil = new Map<string, number>();

  constructor(private readonly deps: RunLogsDeps) {
    this.spoolDir = resolve(deps.options.spoolDir);
  }

  /**
   * Spools a finished run's record and API calls (on the disk when it returns; throws only if that fails)
   * unless this run is spooled already, then uploads when the spool is full. A failed upload is logged and
   * left for later: the report is safe on disk.
   */
  record(report: RunReport): Promise<'spooled' | 'duplicate'> {
    const { run } = report;
    return this.#lock.run(run.courier, async () => {
      const spool = await this.#spool(run.courier);
      if (spool.has(run.id)) {
        this.deps.log.debug({ courier: run.courier, runId: run.id }, 's3-logs: run already spooled; report delivered again');
        return 'duplicate';
      }
      const calls = await this.deps.apiCalls.forRun(run.id);
      await spool.append(run.id, runBlock(report, calls));
      try {
        if (spool.bytes >= this.deps.options.flushBytes) await spool.seal(this.deps.clock.now());
        if (!this.#paused(run.courier)) this.#logFailures(await this.#uploadSealed(spool));
      } catch (error) {
        this.deps.log.error({ err: error, courier: run.courier }, 's3-logs: could not seal the spool; the next flush tries again');
      }
      return 'spooled';
    });
  }

  /** Seals and uploads every courier's spool now, sealed files left by earlier failures first. */
  async flush(): Promise<FlushReport> {
    const report: FlushReport = { uploaded: [], failed: [] };
    for (const courier of await this.#couriers()) {
      const one = await this.#lock
        .run(courier, async () => {
          const spool = await this.#spool(courier);
          await spool.seal(this.deps.clock.now());
          return this.#uploadSealed(spool);
        })
        .catch((error: unknown): FlushReport => {
          // The spool itself could not be read or sealed; the other couriers' are flushed all the same.
          return { uploaded: [], failed: [{ courier, file: join(this.spoolDir, courier), error: error instanceof Error ? error.message : String(error) }] };
        });
      report.uploaded.push(...one.uploaded);
      report.failed.push(...one.failed);
    }
    this.#logFailures(report);
    return report;
  }

  async #spool(courier: string): Promise<CourierSpool> {
    let spool = this.#spools.get(courier);
    if (!spool) {
      if (!COURIER_NAME.test(courier)) throw new Error(`s3-logs: "${courier}" is not a courier name`);
      spool = new CourierSpool(courier, join(this.spoolDir, courier), this.deps.log);
      this.#spools.set(courier, spool);
    }
    await spool.open();
    return spool;
  }

  /** Couriers with a folder in the spool directory (a previous process's too) or spooled to by this one. */
  async #couriers(): Promise<string[]> {
    const entries = await readdir(this.spoolDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const found = entries.filter((entry) => entry.isDirectory() && COURIER_NAME.test(entry.name)).map((entry) => entry.name);
    return [...new Set([...found, ...this.#spools.keys()])].sort();
  }

  #paused(courier: string): boolean {
    return this.deps.clock.now().getTime() < (this.#pausedUntil.get(courier) ?? 0);
  }

  /** Uploads the sealed files oldest first; stops at the first failure (the store is likely unreachable). */
  async #uploadSealed(spool: CourierSpool): Promise<FlushReport> {
    const report: FlushReport = { uploaded: [], failed: [] };
    for (const sealed of await spool.sealed()) {
      try {
        report.uploaded.push(await this.#upload(spool, sealed));
        this.#pausedUntil.delete(spool.courier);
      } catch (error) {
        this.#pausedUntil.set(spool.courier, this.deps.clock.now().getTime() + UPLOAD_RETRY_PAUSE_MS);
        report.failed.push({ courier: spool.courier, file: sealed.path, error: error instanceof Error ? error.message : String(error) });
        break;
      }
    }
    return report;
  }

  /**
   * PutObject, presign, announce, then delete the file. Interrupted anywhere, the file stays and the next
   * flush does it again: the same key is written again and the notice has the same id, which the outbox
   * delivers once.
   */
  async #upload(spool: CourierSpool, sealed: SealedFile): Promise<UploadedLog> {
    const { bucket, clock, announce, log } = this.deps;
    const body = await readFile(sealed.path);
    const key = objectKey(this.deps.options.prefix, spool.courier, sealed);
    await bucket.put(key, body);
    const { url, expiresAt } = await bucket.presignGet(key, clock.now());
    const uploaded: UploadedLog = { courier: spool.courier, bucket: bucket.name, key, bytes: body.length, runs: countRuns(body), url, expiresAt: expiresAt.toISOString() };
    await announce({
      kind: RUNLOG_UPLOADED,
      id: `s3://${bucket.name}/${key}`,
      courier: spool.courier,
      text: `Run log of ${spool.courier}: ${uploaded.runs} run${uploaded.runs === 1 ? '' : 's'}, ${uploaded.bytes} bytes (link valid until ${uploaded.expiresAt})`,
      url,
      data: { bucket: bucket.name, key, bytes: uploaded.bytes, runs: uploaded.runs, expiresAt: uploaded.expiresAt },
    });
    await spool.remove(sealed);
    // Not the URL: whoever holds it can read the log until it expires.
    log.info({ courier: spool.courier, bucket: bucket.name, key, bytes: uploaded.bytes, runs: uploaded.runs }, 's3-logs: run log uploaded');
    return uploaded;
  }

  #logFailures(report: FlushReport): void {
    for (const failure of report.failed) {
      this.deps.log.warn(failure, `s3-logs: upload of ${failure.courier}'s run log failed; it stays spooled for the next flush`);
    }
  }
}
