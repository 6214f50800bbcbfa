import { readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

const FRAME_HEADER = 24;

/**
 * Pages a piece of work puts in a SQLite file's WAL, by the table or index each page belongs to: how much
 * a run writes, which time cannot show on a noisy machine. A second connection holds a read snapshot for
 * the duration, so no checkpoint resets the WAL while it is counted (not for timed rounds: without
 * checkpoints a run does less work than it would deployed).
 */
export async function walPages(file: string, work: () => Promise<unknown>): Promise<{ pages: number; commits: number; byObject: Record<string, number> }> {
  const reader = new Database(file, { readonly: true });
  try {
    const pageSize = reader.pragma('page_size', { simple: true }) as number;
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM sqlite_schema').get();
    const from = statSync(`${file}-wal`).size;
    await work();
    const wal = readFileSync(`${file}-wal`);
    reader.prepare('COMMIT').run();
    const frames = new Map<number, number>();
    let commits = 0;
    for (let at = from; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
      const page = wal.readUInt32BE(at);
      frames.set(page, (frames.get(page) ?? 0) + 1);
      if (wal.readUInt32BE(at + 4) !== 0) commits += 1;
    }
    const owners = new Map((reader.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]).map((r) => [r.pageno, r.name]));
    const byObject: Record<string, number> = {};
    let pages = 0;
    for (const [page, count] of frames) {
      const name = owners.get(page) ?? '(free)';
      byObject[name] = (byObject[name] ?? 0) + count;
      pages += count;
    }
    return { pages, commits, byObject };
  } finally {
    reader.close();
  }
}
