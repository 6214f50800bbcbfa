/**
 * The queries a run, the outbox or a lookup makes for every batch, message or request. Each is answered
 * from an index (test/store/query-plans.test.ts reads their plans), so their cost does not grow with the
 * number of stored shipments. Ties in claim order break by rowid: registration order, first come first served.
 */
export const HOT_QUERIES = {
  claimDue: `SELECT * FROM shipments WHERE courier = ? AND active = 1 AND next_check_at <= ?
    AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_check_at, rowid LIMIT ?`,
  countDue: 'SELECT COUNT(*) AS n FROM shipments WHERE courier = ? AND active = 1 AND next_check_at <= ?',
  expireStale: 'SELECT * FROM shipments WHERE courier = ? AND active = 1 AND tracking_since < ? AND (lease_until IS NULL OR lease_until <= ?)',
  byNumber: 'SELECT * FROM shipments WHERE courier = ? AND tracking_number = ?',
  byId: 'SELECT * FROM shipments WHERE id = ?',
  // A lookup's shipment, events and history in one statement: each column of EventRow and HistoryRow by its name.
  lookup: `SELECT s.*,
    (SELECT json_group_array(json_object('at', e.at, 'status', e.status, 'status_type', e.status_type, 'code', e.code, 'location', e.location,
       'description', e.description, 'canonical_status', e.canonical_status, 'substatus', e.substatus, 'recorded_at', e.recorded_at) ORDER BY e.at, e.rowid)
     FROM events e WHERE e.shipment_id = s.id) AS events_json,
    (SELECT json_group_array(json_object('status', h.status, 'substatus', h.substatus, 'raw_status', h.raw_status, 'at', h.at,
       'recorded_at', h.recorded_at, 'source', h.source, 'updated_by', h.updated_by, 'notes', h.notes) ORDER BY h.seq)
     FROM history h WHERE h.shipment_id = s.id) AS history_json
    FROM shipments s WHERE s.courier = ? AND s.tracking_number = ?`,
  events: 'SELECT * FROM events WHERE shipment_id = ? ORDER BY at, rowid',
  history: 'SELECT * FROM history WHERE shipment_id = ? ORDER BY seq',
  apiCallsSince: 'SELECT COUNT(*) AS n FROM api_calls WHERE courier = ? AND at >= ?',
  outboxClaim: `SELECT * FROM outbox o WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
    AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.effect = o.effect AND e.order_key = o.order_key AND e.state = 'pending' AND e.rowid < o.rowid)
    ORDER BY next_attempt_at, rowid LIMIT ?`,
} as const;
