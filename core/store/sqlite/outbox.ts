import { newId } from '../ids.js';
import type Database from 'better-sqlite3';
import type { ClaimOptions, OutboxStore } from '../port.js';
import type { Delivery, DeliveryState, Lease, OutboxInput, OutboxMessage, Page } from '../types.js';
import { HOT_QUERIES } from './hot-queries.js';
import type { Prepare } from './statements.js';

const iso = (d: Date) => d.toISOString();

interface OutboxRow {
  id: string;
  effect: string;
  dedup_key: string;
  order_key: string | null;
  payload: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  lease_token: number;
}

const toDelivery = (row: OutboxRow): Delivery => ({
  id: row.id,
  effect: row.effect,
  dedupKey: row.dedup_key,
  orderKey: row.order_key,
  state: row.state,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  nextAttemptAt: row.next_attempt_at,
  deliveredAt: row.delivered_at,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
});

/** Outbox rows are deduplicated by key and leased to one dispatcher at a time; insertion order (rowid) is delivery order. */
export function enqueue(prepare: Prepare, items: readonly OutboxInput[], now: Date): void {
  const insert = prepare(
    `INSERT OR IGNORE INTO outbox (id, effect, dedup_key, order_key, payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const item of items) insert.run(newId(), item.effect, item.dedupKey, item.orderKey ?? null, JSON.stringify(item.payload), iso(now), iso(now));
}

function filterClause(filter: { state?: DeliveryState | undefined; effect?: string | undefined }): { where: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.state !== undefined) (where.push('state = @state'), (params.state = filter.state));
  if (filter.effect !== undefined) (where.push('effect = @effect'), (params.effect = filter.effect));
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export class SqliteOutbox implements OutboxStore {
  constructor(
    private readonly db: Database.Database,
    private readonly prepare: Prepare,
  ) {}

  async enqueue(items: readonly OutboxInput[], now: Date): Promise<void> {
    this.db.transaction(() => enqueue(this.prepare, items, now)).immediate();
  }

  async claim({ owner, now, limit, leaseMs }: ClaimOptions): Promise<OutboxMessage[]> {
    const select = this.prepare<[string, string, number], OutboxRow>(HOT_QUERIES.outboxClaim);
    const lease = this.prepare('UPDATE outbox SET lease_owner = ?, lease_token = ?, lease_until = ? WHERE id = ?');
    return this.db.transaction(() =>
      select.all(iso(now), iso(now), limit).map((row): OutboxMessage => {
        const token = row.lease_token + 1;
        lease.run(owner, token, iso(new Date(now.getTime() + leaseMs)), row.id);
        const d = toDelivery(row);
        return { id: d.id, effect: d.effect, dedupKey: d.dedupKey, orderKey: d.orderKey, payload: d.payload, attempts: d.attempts, createdAt: d.createdAt, lease: { owner, token } };
      }),
    ).immediate();
  }

  async complete(id: string, lease: Lease, now: Date): Promise<boolean> {
    const done = this.prepare(
      `UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND lease_token = ?`,
    );
    return done.run(iso(now), id, lease.owner, lease.token).changes === 1;
  }

  async fail(id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): Promise<boolean> {
    const failed = this.prepare(
      `UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND lease_token = ?`,
    );
    return failed.run(failure.retryAt ? 'pending' : 'dead', failure.error, iso(failure.retryAt ?? now), id, lease.owner, lease.token).changes === 1;
  }

  async counts() {
    const rows = this.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
    const count = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return { pending: count('pending'), delivered: count('delivered'), dead: count('dead') };
  }

  async list(filter: { state?: DeliveryState | undefined; effect?: string | undefined }, page: Page): Promise<{ items: Delivery[]; total: number }> {
    const { where, params } = filterClause(filter);
    const total = (this.prepare(`SELECT COUNT(*) AS n FROM outbox ${where}`).get(params) as { n: number }).n;
    const rows = this.prepare(`SELECT * FROM outbox ${where} ORDER BY rowid DESC LIMIT @limit OFFSET @offset`).all({ ...params, ...page }) as OutboxRow[];
    return { items: rows.map(toDelivery), total };
  }

  async get(id: string): Promise<Delivery | null> {
    const row = this.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?').get(id);
    return row ? toDelivery(row) : null;
  }

  async redrive(which: { ids: readonly string[] } | { effect: string }, now: Date): Promise<number> {
    const set = `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL`;
    if ('effect' in which) return this.prepare(`${set} WHERE state = 'dead' AND effect = ?`).run(iso(now), which.effect).changes;
    const one = this.prepare(`${set} WHERE state = 'dead' AND id = ?`);
    return this.db.transaction(() => which.ids.reduce((n, id) => n + one.run(iso(now), id).changes, 0)).immediate();
  }
}
