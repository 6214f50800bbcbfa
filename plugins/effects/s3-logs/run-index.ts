import { appendDurably, readIfExists, replaceDurably } from './durable-fs.js';

/** How many of a courier's latest spooled run ids are remembered: far more than one day of runs. */
const KEEP = 5_000;

/**
 * The ids of the runs a courier's spool has taken, kept on disk after their log is uploaded, so that a
 * run report the outbox delivers again (it delivers at least once) is recognised and not logged twice.
 * The file is append-only and cut back to the latest KEEP ids when it holds twice as many.
 */
export class RunIndex {
  readonly #ids = new Set<string>();
  #lines = 0;

  private constructor(private readonly file: string) {}

  /** The index in `file`, plus `spooled`: runs found in the spool files (appended there before their id is here). */
  static async load(file: string, spooled: readonly string[]): Promise<RunIndex> {
    const index = new RunIndex(file);
    const content = await readIfExists(file);
    const lines = content === null ? [] : content.toString('utf8').split('\n').filter((id) => id !== '');
    index.#lines = lines.length;
    for (const id of [...lines, ...spooled]) index.#ids.add(id);
    return index;
  }

  has(runId: string): boolean {
    return this.#ids.has(runId);
  }

  /** Known from now on in this process, even if writing it to the file fails. */
  async add(runId: string): Promise<void> {
    this.#ids.add(runId);
    await appendDurably(this.file, `${runId}\n`);
    this.#lines += 1;
    if (this.#lines > 2 * KEEP) await this.#compact();
  }

  /** Keeps the latest KEEP ids (a Set iterates in insertion order). */
  async #compact(): Promise<void> {
    const latest = [...this.#ids].slice(-KEEP);
    await replaceDurably(this.file, latest.map((id) => `${id}\n`).join(''));
    this.#ids.clear();
    for (const id of latest) this.#ids.add(id);
    this.#lines = latest.length;
  }
}
