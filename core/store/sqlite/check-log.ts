import type Database from 'better-sqlite3';
import type { CheckLogFilter, CheckRecord, CheckTrigger } from '../check-log.js';
import type { CheckLogStore } from '../port.js';
import type { CanonicalStatus } from '../../statuses.js';
import type { Page } from '../types.js';
import type { Prepare } from './statements.js';

interface CheckRow {
  shipment_id: string;
  courier: string;
  tracking_number: string;
  trigger: CheckTrigger;
  triggered_by: string;
  run_id: string | null;
  success: number;
  http_status: number | null;
  response_time_ms: number | null;
  error: string | null;
  previous_status: CanonicalStatus;
  new_status: CanonicalStatus;
  events_added: number;
  at: string;
}

const toRecord = (r: CheckRow): CheckRecord => ({
  shipmentId: r.shipment_id,
  courier: r.courier,
  trackingNumber: r.tracking_number,
  trigger: r.trigger,
  triggeredBy: r.triggered_by,
  runId: r.run_id,
  success: r.success === 1,
  httpStatus: r.http_status,
  responseTimeMs: r.response_time_ms,
  error: r.error,
  previousStatus: r.previous_status,
  newStatus: r.new_status,
  eventsAdded: r.events_added,
  at: new Date(r.at),
});

/** Inserts check-log rows; the caller holds the transaction (a batch's own, when they come with its checks). */
export function insertChecks(prepare: Prepare, checks: readonly CheckRecord[]): void {
  const insert = prepare(
    `INSERT INTO check_log (shipment_id, courier, tracking_number, trigger, triggered_by, run_id, success, http_status, response_time_ms, error, previous_status, new_status, events_added, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const c of checks) {
    insert.run(c.shipmentId, c.courier, c.trackingNumber, c.trigger, c.triggeredBy, c.runId, c.success ? 1 : 0, c.httpStatus, c.responseTimeMs, c.error, c.previousStatus, c.newStatus, c.eventsAdded, c.at.toISOString());
  }
}

/** The check audit log: one row per check, written a batch at a time. */
export class SqliteCheckLog implements CheckLogStore {
  constructor(
    private readonly db: Database.Database,
    private readonly prepare: Prepare,
  ) {}

  async record(checks: readonly CheckRecord[]): Promise<void> {
    if (checks.length === 0) return;
    this.db.transaction(() => insertChecks(this.prepare, checks)).immediate();
  }

  async list(filter: CheckLogFilter, page: Page): Promise<{ items: CheckRecord[]; total: number }> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.shipmentId !== undefined) (where.push('shipment_id = @shipmentId'), (params.shipmentId = filter.shipmentId));
    if (filter.courier !== undefined) (where.push('courier = @courier'), (params.courier = filter.courier));
    if (filter.since !== undefined) (where.push('at >= @since'), (params.since = filter.since.toISOString()));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.prepare(`SELECT COUNT(*) AS n FROM check_log ${clause}`).get(params) as { n: number }).n;
    const rows = this.prepare(`SELECT * FROM check_log ${clause} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: page.limit, offset: page.offset }) as CheckRow[];
    return { items: rows.map(toRecord), total };
  }

  async prune(before: Date): Promise<number> {
    return this.prepare('DELETE FROM check_log WHERE at < ?').run(before.toISOString()).changes;
  }
}
