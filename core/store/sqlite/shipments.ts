import { newId } from '../ids.js';
import type Database from 'better-sqlite3';
import { newShipment, reRegistered, stopped } from '../../shipment/registration.js';
import { leaseAfter, leaseHeld, type StoredLease } from '../lease.js';
import type { ClaimOptions, RegisterOutcome, ShipmentStore, UpdateRequest } from '../port.js';
import type {
  ClaimedShipment,
  HistoryEntry,
  Lease,
  MappedEvent,
  Page,
  Shipment,
  ShipmentFilter,
  ShipmentInput,
  ShipmentRecord,
  ShipmentUpdate,
  UpdateOutcome,
} from '../types.js';
import type { CheckRecord } from '../check-log.js';
import { insertChecks } from './check-log.js';
import { enqueue } from './outbox.js';
import { leaseOf, shipmentParams, toEvent, toHistory, toShipment, type EventRow, type HistoryRow, type ShipmentRow } from './rows.js';
import { HOT_QUERIES } from './hot-queries.js';
import type { Prepare } from './statements.js';

const iso = (d: Date) => d.toISOString();

/** The column each field of shipmentParams is saved in (id, courier, tracking number and creation never change). */
const SAVED_COLUMNS = {
  orderId: 'order_id', reference: 'reference', metadata: 'metadata', origin: 'origin', status: 'status', substatus: 'substatus',
  rawStatus: 'raw_status', statusFirstSeen: 'status_first_seen', lastEventAt: 'last_event_at', lastCheckedAt: 'last_checked_at',
  nextCheckAt: 'next_check_at', consecutiveFailures: 'consecutive_failures', lastError: 'last_error', active: 'active',
  inactiveReason: 'inactive_reason', eta: 'eta', location: 'location', driver: 'driver', links: 'links', master: 'master',
  trackingSince: 'tracking_since', updatedAt: 'updated_at',
} as const satisfies Partial<Record<keyof ReturnType<typeof shipmentParams>, keyof ShipmentRow>>;
const SAVED_FIELDS = Object.keys(SAVED_COLUMNS) as (keyof typeof SAVED_COLUMNS)[];

/** Shipments, events and history in one SQLite file; every write to a shipment is one transaction. */
export class SqliteShipments implements ShipmentStore {
  constructor(
    private readonly db: Database.Database,
    private readonly prepare: Prepare,
  ) {}

  #row(id: string): ShipmentRow | undefined {
    return this.prepare<[string], ShipmentRow>(HOT_QUERIES.byId).get(id);
  }

  /**
   * Saves `next` over the stored `row` and sets its lease; the caller holds the transaction. Only the
   * columns that differ are written: SQLite rewrites the entry of every index whose column is SET, changed
   * or not, and a check leaves most indexed columns (order, origin, tracking window) as they were.
   */
  #save(next: Shipment, lease: StoredLease, row: ShipmentRow): void {
    const params = shipmentParams(next);
    const changed = SAVED_FIELDS.filter((field) => params[field] !== row[SAVED_COLUMNS[field]]);
    const set = changed.map((field) => `${SAVED_COLUMNS[field]} = @${field}`).join(', ');
    this.prepare(`UPDATE shipments SET ${set ? `${set}, ` : ''}lease_owner = @leaseOwner, lease_token = @leaseToken, lease_until = @leaseUntil WHERE id = @id`).run({
      ...Object.fromEntries(changed.map((field) => [field, params[field]])),
      id: next.id,
      leaseOwner: lease.owner,
      leaseToken: lease.token,
      leaseUntil: lease.until ? iso(lease.until) : null,
    });
  }

  #appendHistory(shipmentId: string, entries: readonly HistoryEntry[]): void {
    const insert = this.prepare(
      `INSERT INTO history (shipment_id, status, substatus, raw_status, at, recorded_at, source, updated_by, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const h of entries) insert.run(shipmentId, h.status, h.substatus, h.rawStatus, h.at, h.recordedAt, h.source, h.updatedBy, h.notes);
  }

  #insertEvents(shipmentId: string, events: readonly MappedEvent[], now: Date): number {
    const insert = this.prepare(
      `INSERT OR IGNORE INTO events (shipment_id, at, status, status_type, code, location, description, canonical_status, substatus, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let added = 0;
    for (const e of events) {
      added += insert.run(shipmentId, e.at, e.status, e.statusType ?? '', e.code ?? null, e.location ?? '', e.description ?? null, e.canonicalStatus, e.substatus, iso(now)).changes;
    }
    return added;
  }

  async register(inputs: readonly ShipmentInput[], now: Date): Promise<RegisterOutcome[]> {
    const find = this.prepare<[string, string], ShipmentRow>(HOT_QUERIES.byNumber);
    const insert = this.prepare(
      `INSERT INTO shipments (id, courier, tracking_number, order_id, reference, metadata, origin, status, substatus, raw_status,
         status_first_seen, last_event_at, last_checked_at, next_check_at, consecutive_failures, last_error, active, inactive_reason,
         eta, location, driver, links, master, created_at, tracking_since, updated_at)
       VALUES (@id, @courier, @trackingNumber, @orderId, @reference, @metadata, @origin, @status, @substatus, @rawStatus,
         @statusFirstSeen, @lastEventAt, @lastCheckedAt, @nextCheckAt, @consecutiveFailures, @lastError, @active, @inactiveReason,
         @eta, @location, @driver, @links, @master, @createdAt, @trackingSince, @updatedAt)`,
    );
    return this.db.transaction(() =>
      inputs.map((input): RegisterOutcome => {
        const key = { courier: input.courier, trackingNumber: input.trackingNumber };
        const existing = find.get(input.courier, input.trackingNumber);
        if (existing) {
          this.#save(reRegistered(toShipment(existing), input, now), leaseOf(existing), existing);
          return { id: existing.id, ...key, created: false };
        }
        const { shipment, history } = newShipment(input, newId(), now);
        insert.run(shipmentParams(shipment));
        this.#appendHistory(shipment.id, [history]);
        return { id: shipment.id, ...key, created: true };
      }),
    ).immediate();
  }

  async get(courier: string, trackingNumber: string): Promise<Shipment | null> {
    const row = this.prepare<[string, string], ShipmentRow>(HOT_QUERIES.byNumber).get(courier, trackingNumber);
    return row ? toShipment(row) : null;
  }

  async lookup(courier: string, trackingNumber: string): Promise<ShipmentRecord | null> {
    const row = this.prepare<[string, string], ShipmentRow & { events_json: string; history_json: string }>(HOT_QUERIES.lookup).get(courier, trackingNumber);
    if (!row) return null;
    return {
      shipment: toShipment(row),
      events: (JSON.parse(row.events_json) as EventRow[]).map(toEvent),
      history: (JSON.parse(row.history_json) as HistoryRow[]).map(toHistory),
    };
  }

  async list(filter: ShipmentFilter, page: Page): Promise<{ items: Shipment[]; total: number }> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.courier !== undefined) params.courier = filter.courier;
    // With tracking numbers the courier is matched in their key lookup (below): an outer courier term makes SQLite read every shipment of the courier.
    if (filter.courier !== undefined && filter.trackingNumbers === undefined) where.push('courier = @courier');
    if (filter.origin !== undefined) (where.push('origin = @origin'), (params.origin = filter.origin));
    if (filter.status !== undefined) (where.push('status = @status'), (params.status = filter.status));
    if (filter.active !== undefined) (where.push('active = @active'), (params.active = filter.active ? 1 : 0));
    // A list is one JSON parameter, so lists of any length share one compiled statement.
    if (filter.orderIds !== undefined) (where.push('order_id IN (SELECT value FROM json_each(@orderIds))'), (params.orderIds = JSON.stringify(filter.orderIds)));
    if (filter.trackingNumbers !== undefined) {
      if (filter.courier === undefined) throw new Error('a filter by tracking numbers needs the courier');
      // Each number looked up in the (courier, tracking_number) key.
      where.push('rowid IN (SELECT s.rowid FROM json_each(@trackingNumbers) t CROSS JOIN shipments s WHERE s.courier = @courier AND s.tracking_number = t.value)');
      params.trackingNumbers = JSON.stringify(filter.trackingNumbers);
    }
    if (filter.notCheckedSince !== undefined) {
      where.push('(last_checked_at IS NULL OR last_checked_at < @notCheckedSince)');
      params.notCheckedSince = iso(filter.notCheckedSince);
    }
    if (filter.failures !== undefined) {
      const { failures } = filter;
      where.push('atLeast' in failures ? 'consecutive_failures >= @failures' : 'consecutive_failures < @failures');
      params.failures = 'atLeast' in failures ? failures.atLeast : failures.below;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.prepare(`SELECT COUNT(*) AS n FROM shipments ${clause}`).get(params) as { n: number }).n;
    const rows = this.prepare(`SELECT * FROM shipments ${clause} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: page.limit, offset: page.offset }) as ShipmentRow[];
    return { items: rows.map(toShipment), total };
  }

  async listByOrder(orderId: string): Promise<Shipment[]> {
    return this.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE order_id = ? ORDER BY created_at, rowid').all(orderId).map(toShipment);
  }

  async pageByOrder(orderId: string, page: Page): Promise<{ items: Shipment[]; total: number }> {
    const total = this.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM shipments WHERE order_id = ?').get(orderId)!.n;
    const rows = this.prepare<[string, number, number], ShipmentRow>('SELECT * FROM shipments WHERE order_id = ? ORDER BY created_at, rowid LIMIT ? OFFSET ?').all(orderId, page.limit, page.offset);
    return { items: rows.map(toShipment), total };
  }

  async events(shipmentId: string) {
    return this.prepare<[string], EventRow>(HOT_QUERIES.events).all(shipmentId).map(toEvent);
  }

  async history(shipmentId: string) {
    return this.prepare<[string], HistoryRow>(HOT_QUERIES.history).all(shipmentId).map(toHistory);
  }

  async claimDue(courier: string, { owner, now, limit, leaseMs }: ClaimOptions): Promise<ClaimedShipment[]> {
    const select = this.prepare<[string, string, string, number], ShipmentRow>(HOT_QUERIES.claimDue);
    return this.db.transaction(() => select.all(courier, iso(now), iso(now), limit).map((row) => this.#lease(row, owner, now, leaseMs))).immediate();
  }

  async claimOne(courier: string, trackingNumber: string, { owner, now, leaseMs }: Omit<ClaimOptions, 'limit'>) {
    const select = this.prepare<[string, string, string], ShipmentRow>(
      `SELECT * FROM shipments WHERE courier = ? AND tracking_number = ? AND (lease_until IS NULL OR lease_until <= ?)`,
    );
    return this.db.transaction(() => {
      const row = select.get(courier, trackingNumber, iso(now));
      return row ? this.#lease(row, owner, now, leaseMs) : null;
    }).immediate();
  }

  #lease(row: ShipmentRow, owner: string, now: Date, leaseMs: number): ClaimedShipment {
    const token = row.lease_token + 1;
    this.prepare('UPDATE shipments SET lease_owner = ?, lease_token = ?, lease_until = ? WHERE id = ?').run(owner, token, iso(new Date(now.getTime() + leaseMs)), row.id);
    return { shipment: toShipment(row), lease: { owner, token } };
  }

  async releaseLeases(items: readonly { shipmentId: string; lease: Lease }[]): Promise<void> {
    const release = this.prepare('UPDATE shipments SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND lease_token = ?');
    this.db.transaction(() => {
      for (const { shipmentId, lease } of items) release.run(shipmentId, lease.owner, lease.token);
    }).immediate();
  }

  async update<U extends ShipmentUpdate>(shipmentId: string, guard: UpdateRequest<U>['guard'], decide: UpdateRequest<U>['decide']): Promise<UpdateOutcome<U>> {
    return this.db.transaction(() => this.#update({ shipmentId, guard, decide })).immediate();
  }

  async updateMany<U extends ShipmentUpdate>(requests: readonly UpdateRequest<U>[], audit?: (outcomes: readonly UpdateOutcome<U>[]) => readonly CheckRecord[]): Promise<UpdateOutcome<U>[]> {
    return this.db
      .transaction(() => {
        const outcomes = requests.map((request) => this.#update(request));
        if (audit) insertChecks(this.prepare, audit(outcomes));
        return outcomes;
      })
      .immediate();
  }

  /** One update; the caller holds the transaction. */
  #update<U extends ShipmentUpdate>({ shipmentId, guard, decide }: UpdateRequest<U>): UpdateOutcome<U> {
    const row = this.#row(shipmentId);
    if (!row) return { written: false, reason: 'missing' };
    if (guard.lease && !leaseHeld(leaseOf(row), guard.lease, guard.now)) return { written: false, reason: 'lease_lost' };
    const update = decide(toShipment(row));
    if (!update) return { written: false, reason: 'declined' };
    const newEvents = this.#insertEvents(shipmentId, update.events, guard.now);
    this.#appendHistory(shipmentId, update.history);
    enqueue(this.prepare, update.outbox, guard.now);
    this.#save(update.next, leaseAfter(leaseOf(row), update.lease), row);
    return { written: true, shipment: update.next, newEvents, update };
  }

  async untrack(shipmentIds: readonly string[], now: Date): Promise<number> {
    const find = this.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE id = ? AND active = 1');
    return this.db.transaction(() =>
      [...new Set(shipmentIds)].reduce((n, id) => {
        const row = find.get(id);
        if (row) this.#save(stopped(toShipment(row), 'untracked', now), leaseOf(row), row);
        return row ? n + 1 : n;
      }, 0),
    ).immediate();
  }

  async expireStale(courier: string, cutoff: Date, now: Date): Promise<number> {
    const stale = this.prepare<[string, string, string], ShipmentRow>(HOT_QUERIES.expireStale);
    return this.db.transaction(() => {
      const rows = stale.all(courier, iso(cutoff), iso(now));
      for (const row of rows) this.#save(stopped(toShipment(row), 'expired', now), leaseOf(row), row);
      return rows.length;
    }).immediate();
  }

  async countDue(courier: string, now: Date): Promise<number> {
    return (this.prepare(HOT_QUERIES.countDue).get(courier, iso(now)) as { n: number }).n;
  }

  async countByStatus() {
    const rows = this.prepare('SELECT courier, status, active, COUNT(*) AS count FROM shipments GROUP BY courier, status, active').all() as {
      courier: string;
      status: string;
      active: number;
      count: number;
    }[];
    return rows.map((r) => ({ ...r, active: r.active === 1 }));
  }
}
