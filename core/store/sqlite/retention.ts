import type Database from 'better-sqlite3';
import type { RetentionStore } from '../port.js';
import type { Prepare } from './statements.js';

const iso = (d: Date) => d.toISOString();

/** Hourly deletes, so they read the tables they clean rather than keep an index up on every write. */
export class SqliteRetention implements RetentionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly prepare: Prepare,
  ) {}

  async pruneRuns(before: Date): Promise<{ runs: number; apiCalls: number }> {
    const finished = `state <> 'running' AND finished_at IS NOT NULL AND finished_at < ?`;
    return this.db.transaction(() => {
      const ofRuns = this.prepare(`DELETE FROM api_calls WHERE run_id IN (SELECT id FROM runs WHERE ${finished})`).run(iso(before)).changes;
      const ofLiveChecks = this.prepare('DELETE FROM api_calls WHERE run_id IS NULL AND at < ?').run(iso(before)).changes;
      const runs = this.prepare(`DELETE FROM runs WHERE ${finished}`).run(iso(before)).changes;
      return { runs, apiCalls: ofRuns + ofLiveChecks };
    })();
  }

  async pruneDeliveredOutbox(before: Date): Promise<number> {
    return this.prepare(`DELETE FROM outbox WHERE state = 'delivered' AND delivered_at < ?`).run(iso(before)).changes;
  }
}
