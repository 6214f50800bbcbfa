import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../port.js';
import { migrate } from './migrations.js';
import { SqliteAwaiting } from './awaiting.js';
import { SqliteCheckLog } from './check-log.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteRetention } from './retention.js';
import { SqliteApiCalls, SqliteCourierState, SqliteRuns } from './runs.js';
import { SqliteShipments } from './shipments.js';
import { statementCache } from './statements.js';

/** The embedded default store: one SQLite file in WAL mode, which several processes may share. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly shipments: SqliteShipments;
  readonly runs: SqliteRuns;
  readonly outbox: SqliteOutbox;
  readonly courierState: SqliteCourierState;
  readonly apiCalls: SqliteApiCalls;
  readonly awaiting: SqliteAwaiting;
  readonly retention: SqliteRetention;
  readonly checks: SqliteCheckLog;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    // First: several processes may share the file, and each waits its turn for the write lock (every write
    // transaction is BEGIN IMMEDIATE, so none fails to upgrade a read to a write).
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    // A checkpoint copies the WAL's pages into the file and syncs it; every 1,000 pages (the default) a run
    // paid it every few batches, rewriting the same hot pages each time: 25 % of a run's time. 10,000 pages
    // (40 MB of WAL) copies each hot page once per checkpoint instead.
    this.#db.pragma('wal_autocheckpoint = 10000');
    this.#db.pragma('foreign_keys = ON');
    const prepare = statementCache(this.#db);
    this.shipments = new SqliteShipments(this.#db, prepare);
    this.runs = new SqliteRuns(prepare);
    this.outbox = new SqliteOutbox(this.#db, prepare);
    this.courierState = new SqliteCourierState(prepare);
    this.apiCalls = new SqliteApiCalls(this.#db, prepare);
    this.awaiting = new SqliteAwaiting(prepare);
    this.retention = new SqliteRetention(this.#db, prepare);
    this.checks = new SqliteCheckLog(this.#db, prepare);
  }

  async init(): Promise<void> {
    migrate(this.#db);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
