import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ClaimOptions, OutboxStore } from '../port.js';
import type { Lease, OutboxInput, OutboxMessage } from '../types.js';

const iso = (d: Date) => d.toISOString();

/** Outbox rows are deduplicated by key and leased to one dispatcher at a time. */
export function enqueue(db: Database.Database, items: readonly OutboxInput[], now: Date): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO outbox (id, effect, dedup_key, payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const item of items) insert.run(randomUUID(), item.effect, item.dedupKey, JSON.stringify(item.payload), iso(now), iso(now));
}

function claimOutbox(db: Database.Database, { owner, now, limit, leaseMs }: ClaimOptions): OutboxMessage[] {
  type Row = { id: string; effect: string; dedup_key: string; payload: string; attempts: number; created_at: string; lease_token: number };
  return db.transaction(() => {
    const rows = db
      .prepare<[string, string, number], Row>(
        `SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY next_attempt_at, created_at LIMIT ?`,
      )
      .all(iso(now), iso(now), limit);
    const lease = db.prepare('UPDATE outbox SET lease_owner = ?, lease_token = ?, lease_until = ? WHERE id = ?');
    return rows.map((row) => {
      const token = row.lease_token + 1;
      lease.run(owner, token, iso(new Date(now.getTime() + leaseMs)), row.id);
      return {
        id: row.id,
        effect: row.effect,
        dedupKey: row.dedup_key,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
        attempts: row.attempts,
        createdAt: row.created_at,
        lease: { owner, token },
      };
    });
  }).immediate();
}

function completeOutbox(db: Database.Database, id: string, lease: Lease, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND lease_owner = ? AND lease_token = ?`,
      )
      .run(iso(now), id, lease.owner, lease.token).changes === 1
  );
}

function failOutbox(db: Database.Database, id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND lease_owner = ? AND lease_token = ?`,
      )
      .run(failure.retryAt ? 'pending' : 'dead', failure.error, iso(failure.retryAt ?? now), id, lease.owner, lease.token).changes === 1
  );
}

function outboxCounts(db: Database.Database): { pending: number; delivered: number; dead: number } {
  const rows = db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
  const count = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
  return { pending: count('pending'), delivered: count('delivered'), dead: count('dead') };
}

export class SqliteOutbox implements OutboxStore {
  constructor(private readonly db: Database.Database) {}

  async enqueue(items: readonly OutboxInput[], now: Date): Promise<void> {
    this.db.transaction(() => enqueue(this.db, items, now))();
  }

  async claim(options: ClaimOptions): Promise<OutboxMessage[]> {
    return claimOutbox(this.db, options);
  }

  async complete(id: string, lease: Lease, now: Date): Promise<boolean> {
    return completeOutbox(this.db, id, lease, now);
  }

  async fail(id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): Promise<boolean> {
    return failOutbox(this.db, id, lease, failure, now);
  }

  async counts() {
    return outboxCounts(this.db);
  }
}
