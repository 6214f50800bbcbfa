import Database from 'better-sqlite3';

export interface StoredShipment {
  id: string;
  trackingNumber: string;
  leaseUntil: string | null;
  history: { status: string; substatus: string | null; rawStatus: string | null; at: string; source: string }[];
  /** The courier's events as stored: `at|status`. */
  events: Set<string>;
}

export interface StoredRun {
  id: string;
  state: string;
  owner: string;
  startedAt: string;
}

export interface StoredDelivery {
  effect: string;
  dedupKey: string;
  state: string;
  leaseUntil: string | null;
  payload: { trackingNumber?: string; to?: string; at?: string };
}

export interface StoreSnapshot {
  shipments: Map<string, StoredShipment>;
  runs: StoredRun[];
  /** The store keeps run heartbeats (a run whose instance died is closed as `abandoned`). */
  runHeartbeats: boolean;
  outbox: StoredDelivery[];
  /** The service's own view, for explaining a failure: checks failed, results dropped for a lost lease, calls timed out. */
  service: { failedChecks: number; leaseLost: number; timedOutCalls: number };
}

/** Everything the soak checks, read from the service's SQLite file (read-only; the service may still be running). */
export function readStoreSnapshot(file: string, courier: string): StoreSnapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const shipments = new Map<string, StoredShipment>();
    const byId = new Map<string, StoredShipment>();
    const rows = db.prepare('SELECT id, tracking_number, lease_until FROM shipments WHERE courier = ?').all(courier) as { id: string; tracking_number: string; lease_until: string | null }[];
    for (const row of rows) {
      const shipment: StoredShipment = { id: row.id, trackingNumber: row.tracking_number, leaseUntil: row.lease_until, history: [], events: new Set() };
      shipments.set(row.tracking_number, shipment);
      byId.set(row.id, shipment);
    }
    const history = db.prepare('SELECT shipment_id, status, substatus, raw_status, at, source FROM history ORDER BY seq').all() as {
      shipment_id: string;
      status: string;
      substatus: string | null;
      raw_status: string | null;
      at: string;
      source: string;
    }[];
    for (const h of history) byId.get(h.shipment_id)?.history.push({ status: h.status, substatus: h.substatus, rawStatus: h.raw_status, at: h.at, source: h.source });
    for (const e of db.prepare('SELECT shipment_id, at, status FROM events').all() as { shipment_id: string; at: string; status: string }[]) {
      byId.get(e.shipment_id)?.events.add(`${e.at}|${e.status}`);
    }
    const runColumns = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name);
    const runs = (db.prepare('SELECT id, state, owner, started_at FROM runs WHERE courier = ? ORDER BY started_at').all(courier) as { id: string; state: string; owner: string; started_at: string }[]).map(
      (r) => ({ id: r.id, state: r.state, owner: r.owner, startedAt: r.started_at }),
    );
    const outbox = (db.prepare('SELECT effect, dedup_key, state, lease_until, payload FROM outbox').all() as { effect: string; dedup_key: string; state: string; lease_until: string | null; payload: string }[]).map(
      (o) => ({ effect: o.effect, dedupKey: o.dedup_key, state: o.state, leaseUntil: o.lease_until, payload: JSON.parse(o.payload) as StoredDelivery['payload'] }),
    );
    const counts = (db.prepare('SELECT counts FROM runs WHERE courier = ?').all(courier) as { counts: string }[]).map((r) => JSON.parse(r.counts) as { failed?: number; leaseLost?: number });
    const timedOut = db.prepare(`SELECT count(*) AS n FROM api_calls WHERE courier = ? AND error LIKE '%timed out%'`).get(courier) as { n: number };
    const service = {
      failedChecks: counts.reduce((sum, c) => sum + (c.failed ?? 0), 0),
      leaseLost: counts.reduce((sum, c) => sum + (c.leaseLost ?? 0), 0),
      timedOutCalls: timedOut.n,
    };
    return { shipments, runs, runHeartbeats: runColumns.includes('heartbeat_at'), outbox, service };
  } finally {
    db.close();
  }
}

/** How far the outbox is: entries in all, and those not delivered yet (cheap enough to ask every second). */
export function deliveryProgress(file: string): { total: number; undelivered: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT count(*) AS total, coalesce(sum(state <> 'delivered'), 0) AS undelivered FROM outbox`).get() as { total: number; undelivered: number };
  } finally {
    db.close();
  }
}
