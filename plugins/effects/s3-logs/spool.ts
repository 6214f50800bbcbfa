import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { scanBlocks } from './blocks.js';
import { appendDurably, makeDirectoryDurably, readIfExists, renameDurably, syncDirectory, truncateDurably } from './durable-fs.js';
import { basicIsoTime, parseSealedFileName, sealedFileName, type SealedName } from './object-key.js';
import { RunIndex } from './run-index.js';

const ACTIVE = 'spool.ndjson';
const INDEX = 'runs.txt';

/** A sealed spool file: closed to appends, waiting to be uploaded as one object. */
export interface SealedFile extends SealedName {
  path: string;
}

/**
 * One courier's run logs on disk, in `<spoolDir>/<courier>/`:
 * - `spool.ndjson`: the run blocks not yet sealed, appended and synced one run at a time;
 * - `uploading-<sealed at>-<first run id>.ndjson`: sealed files, each uploaded as one object and then deleted;
 * - `runs.txt`: the ids of the runs spooled so far (see RunIndex).
 * Not safe for concurrent use: the caller serialises the operations of one courier.
 */
export class CourierSpool {
  #index: RunIndex | null = null;
  #bytes = 0;
  #firstRunId: string | null = null;
  #opening: Promise<void> | null = null;

  constructor(
    readonly courier: string,
    readonly dir: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Bytes in `spool.ndjson` (not sealed yet). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Reads the folder once: cuts off a block torn by a crash and loads the ids of the runs already spooled. */
  open(): Promise<void> {
    this.#opening ??= this.#open().catch((error: unknown) => {
      this.#opening = null; // try again next time
      throw error;
    });
    return this.#opening;
  }

  async #open(): Promise<void> {
    await makeDirectoryDurably(this.dir);
    const active = join(this.dir, ACTIVE);
    const content = (await readIfExists(active)) ?? Buffer.alloc(0);
    const scan = scanBlocks(content);
    if (scan.completeBytes < content.length) {
      // Its report was never acknowledged (the append did not return), so the outbox delivers it again.
      this.log.warn({ courier: this.courier, file: active, tornBytes: content.length - scan.completeBytes }, 's3-logs: cut off a run block torn by a crash');
      await truncateDurably(active, scan.completeBytes);
    }
    this.#bytes = scan.completeBytes;
    this.#firstRunId = scan.runIds[0] ?? null;
    const sealedRuns: string[] = [];
    for (const sealed of await this.sealed()) sealedRuns.push(...scanBlocks((await readIfExists(sealed.path)) ?? Buffer.alloc(0)).runIds);
    this.#index = await RunIndex.load(join(this.dir, INDEX), [...sealedRuns, ...scan.runIds]);
  }

  #opened(): RunIndex {
    if (this.#index === null) throw new Error(`s3-logs: the spool of ${this.courier} is used before open()`);
    return this.#index;
  }

  /** Whether this run was spooled already (a report delivered again). */
  has(runId: string): boolean {
    return this.#opened().has(runId);
  }

  /** Appends one run's block; on the disk when it returns. */
  async append(runId: string, block: string): Promise<void> {
    const index = this.#opened();
    const wasEmpty = this.#bytes === 0;
    await appendDurably(join(this.dir, ACTIVE), block);
    if (wasEmpty) await syncDirectory(this.dir); // the file may be new
    this.#bytes += Buffer.byteLength(block, 'utf8');
    this.#firstRunId ??= runId;
    // After the block: a crash in between leaves the run in the spool, where open() finds its id. The block
    // is safe, so failing to note the id is only logged (a retry would append the block a second time).
    await index.add(runId).catch((error: unknown) => this.log.warn({ err: error, courier: this.courier, runId }, 's3-logs: could not note the spooled run id'));
  }

  /** Closes `spool.ndjson` to appends (renames it to a sealed file); null when it holds nothing. */
  async seal(now: Date): Promise<SealedFile | null> {
    this.#opened();
    if (this.#bytes === 0 || this.#firstRunId === null) return null;
    const name = { sealedAt: basicIsoTime(now), firstRunId: this.#firstRunId };
    const path = join(this.dir, sealedFileName(name));
    try {
      await renameDurably(join(this.dir, ACTIVE), path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.log.warn({ courier: this.courier, file: join(this.dir, ACTIVE) }, 's3-logs: the spool file went missing (deleted by hand?)');
      this.#bytes = 0;
      this.#firstRunId = null;
      return null;
    }
    this.#bytes = 0;
    this.#firstRunId = null;
    return { ...name, path };
  }

  /** The sealed files, oldest first. */
  async sealed(): Promise<SealedFile[]> {
    const files = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    return files
      .sort()
      .flatMap((file) => {
        const name = parseSealedFileName(file);
        return name ? [{ ...name, path: join(this.dir, file) }] : [];
      });
  }

  /** Deletes a sealed file once its object is uploaded and announced. */
  async remove(sealed: SealedFile): Promise<void> {
    await unlink(sealed.path);
    await syncDirectory(this.dir);
  }
}
