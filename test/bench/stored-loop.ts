import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Pool, request } from 'undici';
import { SANDBOX_CLIENT } from './sandbox-bench.js';

interface SandboxAnswer {
  results: { tracking_number: string; status: string; status_detail: string; occurred_at: string; events: { status: string; status_detail: string; occurred_at: string; location: string }[] }[];
}

/**
 * A hand-written cron of the kind Waybill replaces: the raw loop's batches, plus what such a job keeps — per
 * batch, one transaction that takes the next due rows, and one that writes each shipment's status and next
 * check and inserts the events it has not seen. No leases, mapping, history, outbox or audit. Returns the
 * seconds from the first claim to the last write (seeding its table is not timed).
 */
export async function storedLoop(baseUrl: string, numbers: readonly string[], batchSize: number, concurrency: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-stored-loop-'));
  const db = new Database(join(dir, 'cron.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE shipments (id INTEGER PRIMARY KEY, tracking_number TEXT UNIQUE, status TEXT, detail TEXT, checked_at TEXT, next_check_at TEXT, taken INTEGER DEFAULT 0);
      CREATE INDEX shipments_due ON shipments (taken, next_check_at);
      CREATE TABLE events (shipment_id INTEGER, at TEXT, status TEXT, detail TEXT, location TEXT, UNIQUE (shipment_id, at, status));`);
    const insert = db.prepare("INSERT INTO shipments (tracking_number, status, next_check_at) VALUES (?, 'pending', '1970-01-01T00:00:00.000Z')");
    db.transaction(() => numbers.forEach((n) => insert.run(n)))();
    const due = db.prepare<[string, number], { id: number; tracking_number: string }>('SELECT id, tracking_number FROM shipments WHERE taken = 0 AND next_check_at <= ? ORDER BY next_check_at LIMIT ?');
    const take = db.prepare('UPDATE shipments SET taken = 1 WHERE id = ?');
    const save = db.prepare('UPDATE shipments SET status = ?, detail = ?, checked_at = ?, next_check_at = ?, taken = 0 WHERE id = ?');
    const event = db.prepare('INSERT OR IGNORE INTO events (shipment_id, at, status, detail, location) VALUES (?, ?, ?, ?, ?)');
    const claim = db.transaction((now: string) => due.all(now, batchSize).map((row) => (take.run(row.id), row)));
    const write = db.transaction((rows: { id: number; tracking_number: string }[], answer: SandboxAnswer, now: Date) => {
      const byNumber = new Map(answer.results.map((r) => [r.tracking_number, r]));
      const next = new Date(now.getTime() + 3_600_000).toISOString();
      for (const row of rows) {
        const result = byNumber.get(row.tracking_number);
        if (!result) continue;
        save.run(result.status, result.status_detail, now.toISOString(), next, row.id);
        for (const e of result.events) event.run(row.id, e.occurred_at, e.status, e.status_detail, e.location);
      }
      return rows.length;
    });

    const form = new URLSearchParams({ grant_type: 'client_credentials', ...SANDBOX_CLIENT }).toString();
    const token = (await (await request(`${baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).body.json()) as {
      access_token: string;
    };
    const pool = new Pool(baseUrl, { connections: concurrency });
    const startedAt = new Date().toISOString();
    const started = performance.now();
    let written = 0;
    const worker = async () => {
      for (;;) {
        const rows = claim(startedAt);
        if (rows.length === 0) return;
        const res = await pool.request({
          path: '/v1/tracking/batch',
          method: 'POST',
          headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ tracking_numbers: rows.map((r) => r.tracking_number) }),
        });
        written += write(rows, (await res.body.json()) as SandboxAnswer, new Date());
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    await pool.close();
    if (written !== numbers.length) throw new Error(`the stored loop wrote ${written} of ${numbers.length} numbers`);
    return seconds;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
