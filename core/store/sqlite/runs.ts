import { newId } from '../ids.js';
import type Database from 'better-sqlite3';
import type { ApiUsageFilter, HourlyApiUsage } from '../api-usage.js';
import type { ApiCallStore, CourierStateStore, RunStore } from '../port.js';
import type { ApiCallRecord, CourierState, Run, RunCounts, RunResult, RunState, RunTrigger } from '../types.js';
import { emptyCounts } from '../types.js';
import { apiUsage } from './api-usage.js';
import { toRun, type RunRow } from './rows.js';
import { HOT_QUERIES } from './hot-queries.js';
import type { Prepare } from './statements.js';

const iso = (d: Date) => d.toISOString();

/** Runs are written only by the instance that owns them, one awaited call after another. */
export class SqliteRuns implements RunStore {
  constructor(private readonly prepare: Prepare) {}

  async create(run: { courier: string; trigger: RunTrigger; state: RunState; owner: string; startedAt: Date; pausedUntil?: Date | null }): Promise<Run> {
    const id = newId();
    const finished = run.state === 'running' ? null : iso(run.startedAt);
    this.prepare(`INSERT INTO runs (id, courier, trigger, state, owner, started_at, finished_at, heartbeat_at, counts, paused_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, run.courier, run.trigger, run.state, run.owner, iso(run.startedAt), finished, iso(run.startedAt), JSON.stringify(emptyCounts()), run.pausedUntil ? iso(run.pausedUntil) : null);
    return (await this.get(id))!;
  }

  async updateCounts(id: string, counts: RunCounts, now: Date): Promise<void> {
    this.prepare('UPDATE runs SET counts = ?, heartbeat_at = ? WHERE id = ?').run(JSON.stringify(counts), iso(now), id);
  }

  async heartbeat(id: string, now: Date): Promise<void> {
    this.prepare(`UPDATE runs SET heartbeat_at = ? WHERE id = ? AND state = 'running'`).run(iso(now), id);
  }

  /** One statement: two instances sweeping at once cannot both close a run. */
  async abandonStale(options: { cutoff: Date; now: Date; exceptOwner: string }): Promise<Run[]> {
    const rows = this.prepare<[string, string, string], RunRow>(
      `UPDATE runs SET state = 'abandoned', finished_at = ?, error = 'its instance (' || owner || ') stopped sending heartbeats at ' || heartbeat_at
       WHERE state = 'running' AND heartbeat_at < ? AND owner <> ? RETURNING *`,
    ).all(iso(options.now), iso(options.cutoff), options.exceptOwner);
    return rows.map(toRun);
  }

  async finish(id: string, result: RunResult): Promise<void> {
    this.prepare('UPDATE runs SET state = ?, finished_at = ?, counts = ?, error = ?, paused_until = ?, unmapped = ? WHERE id = ?')
      .run(
        result.state,
        iso(result.finishedAt),
        JSON.stringify(result.counts),
        result.error ?? null,
        result.pausedUntil ? iso(result.pausedUntil) : null,
        JSON.stringify(result.unmappedStatuses ?? []),
        id,
      );
  }

  async get(id: string): Promise<Run | null> {
    const row = this.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?').get(id);
    return row ? toRun(row) : null;
  }

  async list(filter: { courier?: string | undefined; limit: number; offset?: number | undefined }): Promise<Run[]> {
    const offset = filter.offset ?? 0;
    const rows = filter.courier
      ? this.prepare<[string, number, number], RunRow>('SELECT * FROM runs WHERE courier = ? ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?').all(filter.courier, filter.limit, offset)
      : this.prepare<[number, number], RunRow>('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ? OFFSET ?').all(filter.limit, offset);
    return rows.map(toRun);
  }
}

export class SqliteApiCalls implements ApiCallStore {
  constructor(
    private readonly db: Database.Database,
    private readonly prepare: Prepare,
  ) {}

  async log(calls: readonly ApiCallRecord[]): Promise<void> {
    const insert = this.prepare('INSERT INTO api_calls (courier, run_id, method, path, status, duration_ms, error, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const c of calls) insert.run(c.courier, c.runId, c.method, c.path, c.status, c.durationMs, c.error, iso(c.at));
    }).immediate();
  }

  async count(courier: string, since: Date): Promise<number> {
    return (this.prepare(HOT_QUERIES.apiCallsSince).get(courier, iso(since)) as { n: number }).n;
  }

  async forRun(runId: string): Promise<ApiCallRecord[]> {
    type Row = { courier: string; run_id: string | null; method: string; path: string; status: number | null; duration_ms: number; error: string | null; at: string };
    const rows = this.prepare<[string], Row>('SELECT * FROM api_calls WHERE run_id = ? ORDER BY id').all(runId);
    return rows.map((r) => ({ courier: r.courier, runId: r.run_id, method: r.method, path: r.path, status: r.status, durationMs: r.duration_ms, error: r.error, at: new Date(r.at) }));
  }

  async usage(filter: ApiUsageFilter): Promise<HourlyApiUsage[]> {
    return apiUsage(this.prepare, filter);
  }
}

export class SqliteCourierState implements CourierStateStore {
  constructor(private readonly prepare: Prepare) {}

  async get(courier: string): Promise<CourierState> {
    const row = this.prepare<[string], { paused_until: string | null; pause_reason: string | null; manual: number }>('SELECT * FROM courier_state WHERE courier = ?')
      .get(courier);
    return { courier, pausedUntil: row?.paused_until ?? null, pauseReason: row?.pause_reason ?? null, manual: row?.manual === 1 };
  }

  async set(state: CourierState): Promise<void> {
    this.prepare(
        `INSERT INTO courier_state (courier, paused_until, pause_reason, manual) VALUES (?, ?, ?, ?)
         ON CONFLICT (courier) DO UPDATE SET paused_until = excluded.paused_until, pause_reason = excluded.pause_reason, manual = excluded.manual`,
      )
      .run(state.courier, state.pausedUntil, state.pauseReason, state.manual ? 1 : 0);
  }
}
