import type { HourlyApiUsage } from '../store/api-usage.js';

const HOUR_SECONDS = 3600;

/** What a courier declares it allows: `requests` per `windowSeconds`, and a daily budget. */
export interface DeclaredQuota {
  requests: number;
  windowSeconds: number;
  daily?: number | undefined;
}

interface Counts {
  requests: number;
  rateLimited: number;
  failed: number;
}

/** The declared quota over one hour: requests per window × windows in the hour. */
export const hourlyQuota = (quota: DeclaredQuota): number => (quota.requests * HOUR_SECONDS) / quota.windowSeconds;

/** A share of an allowance, to four decimals (null: nothing declared). */
const share = (used: number, allowed: number | null): number | null => (allowed === null || allowed <= 0 ? null : Math.round((used / allowed) * 10_000) / 10_000);

const add = (into: Counts, from: Counts): void => {
  into.requests += from.requests;
  into.rateLimited += from.rateLimited;
  into.failed += from.failed;
};

/** One courier's use of its API in a window: per hour against its quota, per UTC day against its daily budget. */
export function courierUsage(courier: string, hours: readonly HourlyApiUsage[], quota: DeclaredQuota | undefined) {
  const perHour = quota ? hourlyQuota(quota) : null;
  const dailyBudget = quota?.daily ?? null;
  const days = new Map<string, Counts>();
  const totals: Counts = { requests: 0, rateLimited: 0, failed: 0 };
  for (const h of hours) {
    const day = h.hour.slice(0, 10);
    const counts = days.get(day) ?? { requests: 0, rateLimited: 0, failed: 0 };
    add(counts, h);
    days.set(day, counts);
    add(totals, h);
  }
  return {
    courier,
    quotaPerHour: perHour,
    dailyBudget,
    totals,
    hours: hours.map(({ hour, requests, rateLimited, failed }) => ({ hour, requests, rateLimited, failed, quotaShare: share(requests, perHour) })),
    days: [...days].map(([day, counts]) => ({ day, ...counts, budgetShare: share(counts.requests, dailyBudget) })),
  };
}

/** The hourly rows of several couriers, by courier in name order (each courier's hours in time order). */
export function byCourier(rows: readonly HourlyApiUsage[]): Map<string, HourlyApiUsage[]> {
  const grouped = new Map<string, HourlyApiUsage[]>();
  for (const row of rows) {
    const hours = grouped.get(row.courier) ?? [];
    hours.push(row);
    grouped.set(row.courier, hours);
  }
  return new Map([...grouped].sort(([a], [b]) => a.localeCompare(b)));
}
