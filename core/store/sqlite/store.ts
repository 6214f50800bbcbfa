import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isTerminal } from '../../statuses.js';
import type { ClaimOptions, RegisterOutcome, Store } from '../port.js';
import type {
  ApiCallRecord,
  ApplyOutcome,
  CheckWrite,
  ClaimedShipment,
  CourierState,
  Lease,
  ManualUpdate,
  OutboxInput,
  OutboxMessage,
  Page,
  Run,
  RunCounts,
  RunState,
  RunTrigger,
  Shipment,
  ShipmentFilter,
  ShipmentInput,
} from '../types.js';
import { emptyCounts, firstCheckAt } from '../types.js';
import { migrate } from './migrations.js';
import { claimOutbox, completeOutbox, enqueue, failOutbox, outboxCounts } from './outbox.js';
import { toEvent, toHistory, toRun, toShipment, type EventRow, type HistoryRow, type RunRow, type ShipmentRow } from './rows.js';

const iso = (d: Date) => d.toISOString();

/** The embedded default store: one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('foreign_keys = ON');
  }

  async init(): Promise<void> {
    migrate(this.#db);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  async registerShipments(inputs: readonly ShipmentInput[], now: Date): Promise<RegisterOutcome[]> {
    const find = this.#db.prepare<[string, string], ShipmentRow>('SELECT * FROM shipments WHERE courier = ? AND tracking_number = ?');
    const insert = this.#db.prepare(
      `INSERT INTO shipments (id, courier, tracking_number, order_id, reference, metadata, origin, status, status_first_seen,
         next_check_at, created_at, tracking_since, updated_at)
       VALUES (@id, @courier, @trackingNumber, @orderId, @reference, @metadata, @origin, 'info_received', @firstSeen, @firstCheck, @now, @now, @now)`,
    );
    const history = this.#db.prepare(
      `INSERT INTO history (shipment_id, status, at, recorded_at, source) VALUES (?, 'info_received', ?, ?, 'registration')`,
    );
    const retrack = this.#db.prepare(
      `UPDATE shipments SET active = 1, inactive_reason = NULL, tracking_since = @now, next_check_at = @firstCheck,
         consecutive_failures = 0, updated_at = @now WHERE id = @id`,
    );
    const refresh = this.#db.prepare(
      `UPDATE shipments SET order_id = COALESCE(@orderId, order_id), reference = COALESCE(@reference, reference),
         metadata = COALESCE(@metadata, metadata), updated_at = @now WHERE id = @id`,
    );
    return this.#db.transaction(() =>
      inputs.map((input): RegisterOutcome => {
        const existing = find.get(input.courier, input.trackingNumber);
        const key = { courier: input.courier, trackingNumber: input.trackingNumber };
        if (existing) {
          refresh.run({
            id: existing.id,
            orderId: input.orderId ?? null,
            reference: input.reference ?? null,
            metadata: input.metadata ? JSON.stringify(input.metadata) : null,
            now: iso(now),
          });
          if (existing.inactive_reason === 'expired' || existing.inactive_reason === 'untracked') {
            retrack.run({ id: existing.id, now: iso(now), firstCheck: iso(firstCheckAt(input, now)) });
          }
          return { id: existing.id, ...key, created: false };
        }
        const id = randomUUID();
        insert.run({
          id,
          ...key,
          orderId: input.orderId ?? null,
          reference: input.reference ?? null,
          metadata: JSON.stringify(input.metadata ?? {}),
          origin: input.origin ?? 'api',
          firstSeen: JSON.stringify({ info_received: iso(now) }),
          firstCheck: iso(firstCheckAt(input, now)),
          now: iso(now),
        });
        history.run(id, iso(now), iso(now));
        return { id, ...key, created: true };
      }),
    )();
  }

  async getShipment(courier: string, trackingNumber: string): Promise<Shipment | null> {
    const row = this.#db
      .prepare<[string, string], ShipmentRow>('SELECT * FROM shipments WHERE courier = ? AND tracking_number = ?')
      .get(courier, trackingNumber);
    return row ? toShipment(row) : null;
  }

  async listShipments(filter: ShipmentFilter, page: Page): Promise<{ items: Shipment[]; total: number }> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.courier !== undefined) (where.push('courier = @courier'), (params.courier = filter.courier));
    if (filter.origin !== undefined) (where.push('origin = @origin'), (params.origin = filter.origin));
    if (filter.status !== undefined) (where.push('status = @status'), (params.status = filter.status));
    if (filter.active !== undefined) (where.push('active = @active'), (params.active = filter.active ? 1 : 0));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.#db.prepare(`SELECT COUNT(*) AS n FROM shipments ${clause}`).get(params) as { n: number }).n;
    const rows = this.#db
      .prepare(`SELECT * FROM shipments ${clause} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: page.limit, offset: page.offset }) as ShipmentRow[];
    return { items: rows.map(toShipment), total };
  }

  async listShipmentsByOrder(orderId: string): Promise<Shipment[]> {
    const rows = this.#db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE order_id = ? ORDER BY created_at, id').all(orderId);
    return rows.map(toShipment);
  }

  async getEvents(shipmentId: string) {
    const rows = this.#db.prepare<[string], EventRow>('SELECT * FROM events WHERE shipment_id = ? ORDER BY at, rowid').all(shipmentId);
    return rows.map(toEvent);
  }

  async getHistory(shipmentId: string) {
    const rows = this.#db.prepare<[string], HistoryRow>('SELECT * FROM history WHERE shipment_id = ? ORDER BY seq').all(shipmentId);
    return rows.map(toHistory);
  }

  async claimDue(courier: string, { owner, now, limit, leaseMs }: ClaimOptions): Promise<ClaimedShipment[]> {
    const select = this.#db.prepare<[string, string, string, number], ShipmentRow>(
      `SELECT * FROM shipments WHERE courier = ? AND active = 1 AND next_check_at <= ?
         AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_check_at, id LIMIT ?`,
    );
    return this.#db.transaction(() =>
      select.all(courier, iso(now), iso(now), limit).map((row) => this.#lease(row, owner, now, leaseMs)),
    ).immediate();
  }

  async claimOne(courier: string, trackingNumber: string, { owner, now, leaseMs }: Omit<ClaimOptions, 'limit'>) {
    const select = this.#db.prepare<[string, string, string], ShipmentRow>(
      `SELECT * FROM shipments WHERE courier = ? AND tracking_number = ? AND (lease_until IS NULL OR lease_until <= ?)`,
    );
    return this.#db.transaction(() => {
      const row = select.get(courier, trackingNumber, iso(now));
      return row ? this.#lease(row, owner, now, leaseMs) : null;
    }).immediate();
  }

  #lease(row: ShipmentRow, owner: string, now: Date, leaseMs: number): ClaimedShipment {
    const token = row.lease_token + 1;
    this.#db
      .prepare('UPDATE shipments SET lease_owner = ?, lease_token = ?, lease_until = ? WHERE id = ?')
      .run(owner, token, iso(new Date(now.getTime() + leaseMs)), row.id);
    return { shipment: toShipment(row), lease: { owner, token } };
  }

  async releaseLeases(items: readonly { shipmentId: string; lease: Lease }[]): Promise<void> {
    const release = this.#db.prepare(
      'UPDATE shipments SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND lease_token = ?',
    );
    this.#db.transaction(() => {
      for (const { shipmentId, lease } of items) release.run(shipmentId, lease.owner, lease.token);
    })();
  }

  async applyCheck(shipmentId: string, lease: Lease, write: CheckWrite, now: Date): Promise<ApplyOutcome> {
    return this.#db.transaction((): ApplyOutcome => {
      const row = this.#db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE id = ?').get(shipmentId);
      if (!row || row.lease_owner !== lease.owner || row.lease_token !== lease.token || (row.lease_until ?? '') < iso(now)) {
        return { applied: false, reason: 'lease_lost' };
      }
      const newEvents = this.#insertEvents(shipmentId, write, now);
      const transitioned = write.transition !== undefined && write.transition.status !== row.status;
      if (transitioned) this.#transition(row, write.transition!, 'courier', null, null, write.outbox ?? [], now);
      this.#db
        .prepare(
          `UPDATE shipments SET raw_status = COALESCE(@rawStatus, raw_status), last_checked_at = @checkedAt,
             next_check_at = @nextCheckAt, consecutive_failures = @failures, last_error = @lastError, active = @active,
             inactive_reason = @inactiveReason, eta = COALESCE(@eta, eta), location = COALESCE(@location, location),
             last_event_at = CASE WHEN @lastEventAt IS NOT NULL AND (last_event_at IS NULL OR last_event_at < @lastEventAt)
               THEN @lastEventAt ELSE last_event_at END,
             updated_at = @now, lease_owner = NULL, lease_until = NULL
           WHERE id = @id`,
        )
        .run({
          id: shipmentId,
          rawStatus: write.rawStatus ?? null,
          checkedAt: iso(write.checkedAt),
          nextCheckAt: write.nextCheckAt ? iso(write.nextCheckAt) : null,
          failures: write.consecutiveFailures,
          lastError: write.lastError,
          active: write.active ? 1 : 0,
          inactiveReason: write.inactiveReason,
          eta: write.eta ?? null,
          location: write.location ?? null,
          lastEventAt: write.lastEventAt ? iso(write.lastEventAt) : null,
          now: iso(now),
        });
      const updated = toShipment(this.#db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE id = ?').get(shipmentId)!);
      return { applied: true, newEvents, transitioned, shipment: updated };
    })();
  }

  #insertEvents(shipmentId: string, write: CheckWrite, now: Date): number {
    const insert = this.#db.prepare(
      `INSERT OR IGNORE INTO events (shipment_id, at, status, status_type, code, location, description, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let added = 0;
    for (const e of write.events) {
      added += insert.run(shipmentId, e.at, e.status, e.statusType ?? '', e.code ?? null, e.location ?? '', e.description ?? null, iso(now)).changes;
    }
    return added;
  }

  #transition(
    row: ShipmentRow,
    to: { status: Shipment['status']; substatus: string | null; rawStatus: string | null; at: Date },
    source: 'courier' | 'manual',
    updatedBy: string | null,
    notes: string | null,
    outbox: readonly OutboxInput[],
    now: Date,
  ): void {
    const firstSeen = JSON.parse(row.status_first_seen) as Record<string, string>;
    firstSeen[to.status] ??= iso(to.at);
    this.#db
      .prepare(
        `INSERT INTO history (shipment_id, status, substatus, raw_status, at, recorded_at, source, updated_by, notes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, to.status, to.substatus, to.rawStatus, iso(to.at), iso(now), source, updatedBy, notes);
    this.#db
      .prepare('UPDATE shipments SET status = ?, substatus = ?, status_first_seen = ? WHERE id = ?')
      .run(to.status, to.substatus, JSON.stringify(firstSeen), row.id);
    enqueue(this.#db, outbox, now);
  }

  async applyManualStatus(shipmentId: string, update: ManualUpdate, outbox: readonly OutboxInput[]): Promise<Shipment> {
    return this.#db.transaction(() => {
      const row = this.#db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE id = ?').get(shipmentId);
      if (!row) throw new Error(`shipment ${shipmentId} does not exist`);
      this.#transition(row, { status: update.status, substatus: null, rawStatus: null, at: update.at }, 'manual', update.updatedBy, update.notes, outbox, update.at);
      const terminal = isTerminal(update.status);
      this.#db
        .prepare(
          `UPDATE shipments SET active = @active, inactive_reason = @reason, updated_at = @now,
             next_check_at = CASE WHEN @active = 1 THEN @now ELSE next_check_at END,
             lease_owner = NULL, lease_until = NULL, lease_token = lease_token + 1 WHERE id = @id`,
        )
        .run({ id: shipmentId, active: terminal ? 0 : 1, reason: terminal ? 'terminal' : null, now: iso(update.at) });
      return toShipment(this.#db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE id = ?').get(shipmentId)!);
    })();
  }

  async untrack(shipmentIds: readonly string[], now: Date): Promise<number> {
    const stop = this.#db.prepare(`UPDATE shipments SET active = 0, inactive_reason = 'untracked', updated_at = ? WHERE id = ? AND active = 1`);
    return this.#db.transaction(() => shipmentIds.reduce((n, id) => n + stop.run(iso(now), id).changes, 0))();
  }

  async expireStale(courier: string, cutoff: Date, now: Date): Promise<number> {
    return this.#db
      .prepare(
        `UPDATE shipments SET active = 0, inactive_reason = 'expired', updated_at = ?
         WHERE courier = ? AND active = 1 AND tracking_since < ? AND (lease_until IS NULL OR lease_until <= ?)`,
      )
      .run(iso(now), courier, iso(cutoff), iso(now)).changes;
  }

  async countDue(courier: string, now: Date): Promise<number> {
    return (
      this.#db
        .prepare('SELECT COUNT(*) AS n FROM shipments WHERE courier = ? AND active = 1 AND next_check_at <= ?')
        .get(courier, iso(now)) as { n: number }
    ).n;
  }

  async countByStatus() {
    const rows = this.#db
      .prepare('SELECT courier, status, active, COUNT(*) AS count FROM shipments GROUP BY courier, status, active')
      .all() as { courier: string; status: string; active: number; count: number }[];
    return rows.map((r) => ({ ...r, active: r.active === 1 }));
  }

  async createRun(run: { courier: string; trigger: RunTrigger; state: RunState; owner: string; startedAt: Date; pausedUntil?: Date | null }): Promise<Run> {
    const id = randomUUID();
    const finished = run.state === 'running' ? null : iso(run.startedAt);
    this.#db
      .prepare(
        `INSERT INTO runs (id, courier, trigger, state, owner, started_at, finished_at, counts, paused_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, run.courier, run.trigger, run.state, run.owner, iso(run.startedAt), finished, JSON.stringify(emptyCounts()), run.pausedUntil ? iso(run.pausedUntil) : null);
    return (await this.getRun(id))!;
  }

  async updateRunCounts(id: string, counts: RunCounts): Promise<void> {
    this.#db.prepare('UPDATE runs SET counts = ? WHERE id = ?').run(JSON.stringify(counts), id);
  }

  async finishRun(id: string, result: { state: RunState; finishedAt: Date; counts: RunCounts; error?: string | null }): Promise<void> {
    this.#db
      .prepare('UPDATE runs SET state = ?, finished_at = ?, counts = ?, error = ? WHERE id = ?')
      .run(result.state, iso(result.finishedAt), JSON.stringify(result.counts), result.error ?? null, id);
  }

  async getRun(id: string): Promise<Run | null> {
    const row = this.#db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?').get(id);
    return row ? toRun(row) : null;
  }

  async listRuns(filter: { courier?: string | undefined; limit: number }): Promise<Run[]> {
    const rows = filter.courier
      ? this.#db.prepare<[string, number], RunRow>('SELECT * FROM runs WHERE courier = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(filter.courier, filter.limit)
      : this.#db.prepare<[number], RunRow>('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(filter.limit);
    return rows.map(toRun);
  }

  async logApiCalls(calls: readonly ApiCallRecord[]): Promise<void> {
    const insert = this.#db.prepare(
      'INSERT INTO api_calls (courier, run_id, method, path, status, duration_ms, error, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#db.transaction(() => {
      for (const c of calls) insert.run(c.courier, c.runId, c.method, c.path, c.status, c.durationMs, c.error, iso(c.at));
    })();
  }

  async countApiCalls(courier: string, since: Date): Promise<number> {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM api_calls WHERE courier = ? AND at >= ?').get(courier, iso(since)) as { n: number }).n;
  }

  async enqueueOutbox(items: readonly OutboxInput[], now: Date): Promise<void> {
    this.#db.transaction(() => enqueue(this.#db, items, now))();
  }

  async claimOutbox(options: ClaimOptions): Promise<OutboxMessage[]> {
    return claimOutbox(this.#db, options);
  }

  async completeOutbox(id: string, lease: Lease, now: Date): Promise<boolean> {
    return completeOutbox(this.#db, id, lease, now);
  }

  async failOutbox(id: string, lease: Lease, failure: { error: string; retryAt: Date | null }, now: Date): Promise<boolean> {
    return failOutbox(this.#db, id, lease, failure, now);
  }

  async outboxCounts() {
    return outboxCounts(this.#db);
  }

  async getCourierState(courier: string): Promise<CourierState> {
    const row = this.#db
      .prepare<[string], { paused_until: string | null; pause_reason: string | null; manual: number }>('SELECT * FROM courier_state WHERE courier = ?')
      .get(courier);
    return { courier, pausedUntil: row?.paused_until ?? null, pauseReason: row?.pause_reason ?? null, manual: row?.manual === 1 };
  }

  async setCourierState(state: CourierState): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO courier_state (courier, paused_until, pause_reason, manual) VALUES (?, ?, ?, ?)
         ON CONFLICT (courier) DO UPDATE SET paused_until = excluded.paused_until, pause_reason = excluded.pause_reason, manual = excluded.manual`,
      )
      .run(state.courier, state.pausedUntil, state.pauseReason, state.manual ? 1 : 0);
  }
}
