import { hourOf, type ApiUsageFilter, type HourlyApiUsage } from '../api-usage.js';
import type { Prepare } from './statements.js';

interface UsageRow {
  courier: string;
  hour: string;
  requests: number;
  rate_limited: number;
  failed: number;
}

/** Counted in SQL over the (courier, at) index; `at` is ISO-8601 UTC, so its first 13 characters are the hour. */
export function apiUsage(prepare: Prepare, filter: ApiUsageFilter): HourlyApiUsage[] {
  const byCourier = filter.courier === undefined ? '' : 'AND courier = @courier';
  const rows = prepare(
    `SELECT courier, substr(at, 1, 13) AS hour, COUNT(*) AS requests,
       SUM(CASE WHEN status = 429 THEN 1 ELSE 0 END) AS rate_limited,
       SUM(CASE WHEN status = 429 THEN 0 WHEN status IS NULL OR status >= 400 OR error IS NOT NULL THEN 1 ELSE 0 END) AS failed
     FROM api_calls WHERE at >= @from AND at < @to ${byCourier}
     GROUP BY courier, hour ORDER BY hour, courier`,
  ).all({ from: filter.from.toISOString(), to: filter.to.toISOString(), ...(filter.courier === undefined ? {} : { courier: filter.courier }) }) as UsageRow[];
  return rows.map((r) => ({ courier: r.courier, hour: hourOf(r.hour), requests: r.requests, rateLimited: r.rate_limited, failed: r.failed }));
}
