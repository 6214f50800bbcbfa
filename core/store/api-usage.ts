/** Which logged API calls to count: `from` inclusive, `to` exclusive. */
export interface ApiUsageFilter {
  courier?: string | undefined;
  from: Date;
  to: Date;
}

/** The requests logged for one courier in one UTC hour. */
export interface HourlyApiUsage {
  courier: string;
  /** The hour's start, ISO-8601 UTC (`2026-03-01T10:00:00.000Z`). */
  hour: string;
  requests: number;
  /** Answered 429. */
  rateLimited: number;
  /** No answer, or an answer of 400 or above other than 429. */
  failed: number;
}

/** The UTC hour an ISO-8601 instant falls in, as its start. */
export const hourOf = (at: string): string => `${at.slice(0, 13)}:00:00.000Z`;

export const isFailedCall = (status: number | null, error: string | null): boolean =>
  status === 429 ? false : status === null || status >= 400 || error !== null;
