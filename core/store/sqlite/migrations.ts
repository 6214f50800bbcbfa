import type Database from 'better-sqlite3';

/** Append-only: each entry moves the schema one version forward (tracked in PRAGMA user_version). */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE shipments (
    id TEXT PRIMARY KEY,
    courier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    order_id TEXT,
    reference TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    origin TEXT NOT NULL DEFAULT 'api',
    status TEXT NOT NULL,
    substatus TEXT,
    raw_status TEXT,
    status_first_seen TEXT NOT NULL DEFAULT '{}',
    last_event_at TEXT,
    last_checked_at TEXT,
    next_check_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    eta TEXT,
    location TEXT,
    created_at TEXT NOT NULL,
    tracking_since TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_token INTEGER NOT NULL DEFAULT 0,
    lease_until TEXT,
    UNIQUE (courier, tracking_number)
  );
  CREATE INDEX shipments_due ON shipments (courier, active, next_check_at);
  CREATE INDEX shipments_order ON shipments (order_id);
  CREATE INDEX shipments_status ON shipments (courier, status);
  CREATE INDEX shipments_origin ON shipments (origin, active);

  CREATE TABLE events (
    shipment_id TEXT NOT NULL REFERENCES shipments (id),
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    status_type TEXT NOT NULL DEFAULT '',
    code TEXT,
    location TEXT NOT NULL DEFAULT '',
    description TEXT,
    recorded_at TEXT NOT NULL,
    UNIQUE (shipment_id, at, status, status_type, location)
  );

  CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    shipment_id TEXT NOT NULL REFERENCES shipments (id),
    status TEXT NOT NULL,
    substatus TEXT,
    raw_status TEXT,
    at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL,
    updated_by TEXT,
    notes TEXT
  );
  CREATE INDEX history_shipment ON history (shipment_id, seq);

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    courier TEXT NOT NULL,
    trigger TEXT NOT NULL,
    state TEXT NOT NULL,
    owner TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    counts TEXT NOT NULL,
    error TEXT,
    paused_until TEXT
  );
  CREATE INDEX runs_courier ON runs (courier, started_at);

  CREATE TABLE api_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    courier TEXT NOT NULL,
    run_id TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER,
    duration_ms INTEGER NOT NULL,
    error TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX api_calls_courier ON api_calls (courier, at);

  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    effect TEXT NOT NULL,
    dedup_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    lease_owner TEXT,
    lease_token INTEGER NOT NULL DEFAULT 0,
    lease_until TEXT
  );
  CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

  CREATE TABLE courier_state (
    courier TEXT PRIMARY KEY,
    paused_until TEXT,
    pause_reason TEXT,
    manual INTEGER NOT NULL DEFAULT 0
  );
  `,
  // Events read in canonical terms; runs name the raw statuses they could not map.
  `
  ALTER TABLE events ADD COLUMN canonical_status TEXT;
  ALTER TABLE events ADD COLUMN substatus TEXT;
  ALTER TABLE runs ADD COLUMN unmapped TEXT NOT NULL DEFAULT '[]';
  `,
  // Deliveries in order per shipment (order key); dead letters listed by effect.
  `
  ALTER TABLE outbox ADD COLUMN order_key TEXT;
  CREATE INDEX outbox_order ON outbox (effect, order_key, state);
  CREATE INDEX outbox_effect_state ON outbox (effect, state, created_at);
  CREATE INDEX api_calls_run ON api_calls (run_id);
  `,
  // A push courier's driver position.
  `
  ALTER TABLE shipments ADD COLUMN driver TEXT;
  `,
  // Other tracking numbers of the same parcel (returns under a new number).
  `
  ALTER TABLE shipments ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
  `,
  // Packages of multi-package shipments; shipments announced before their tracking numbers.
  `
  ALTER TABLE shipments ADD COLUMN master TEXT;
  CREATE TABLE awaiting_shipments (
    order_id TEXT NOT NULL,
    courier TEXT NOT NULL,
    reference TEXT,
    metadata TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    PRIMARY KEY (order_id, courier)
  );
  `,
  // Expiry finds shipments by the start of their tracking window without a scan.
  `
  CREATE INDEX shipments_tracking_since ON shipments (courier, active, tracking_since);
  `,
  // Runs' heartbeats: a running run whose instance died is found and closed as abandoned.
  `
  ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
  UPDATE runs SET heartbeat_at = COALESCE(finished_at, started_at);
  CREATE INDEX runs_running_heartbeat ON runs (heartbeat_at) WHERE state = 'running';
  `,
  // The audit log of every check (newest first per shipment, per courier, or of all); API usage read by time alone.
  `
  CREATE TABLE check_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shipment_id TEXT NOT NULL,
    courier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    trigger TEXT NOT NULL,
    triggered_by TEXT NOT NULL,
    run_id TEXT,
    success INTEGER NOT NULL,
    http_status INTEGER,
    response_time_ms INTEGER,
    error TEXT,
    previous_status TEXT NOT NULL,
    new_status TEXT NOT NULL,
    events_added INTEGER NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX check_log_shipment ON check_log (shipment_id, at, id);
  CREATE INDEX check_log_courier ON check_log (courier, at, id);
  CREATE INDEX check_log_at ON check_log (at, id);
  CREATE INDEX api_calls_at ON api_calls (at);
  `,
  // Shipments requiring attention are found by their consecutive failures without a scan.
  `
  CREATE INDEX shipments_failures ON shipments (consecutive_failures);
  `,
];

/** Each step reads the version under the write lock: two processes starting on one file migrate it once. */
export function migrate(db: Database.Database): void {
  const step = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version >= MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  while (step.immediate());
}
