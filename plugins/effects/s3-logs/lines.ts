import type { ApiCallRecord, Run, RunReport } from 'waybill';

/**
 * The first line of a run's block: the run as the store recorded it, the unmapped raw statuses it met,
 * the statuses of the shipments it checked, and how many `call` lines follow (which is how a block torn
 * by a crash is recognised).
 */
export interface RunLine {
  type: 'run';
  courier: string;
  runId: string;
  run: Run;
  unmappedStatuses: string[];
  statuses: RunReport['statuses'];
  calls: number;
}

/** One request the run made to the courier, in the order they were made (`seq` from 1). */
export interface CallLine {
  type: 'call';
  courier: string;
  runId: string;
  seq: number;
  method: string;
  path: string;
  /** The HTTP status; null when no response came (timeout, connection refused). */
  status: number | null;
  durationMs: number;
  error: string | null;
  at: string;
}

export type LogLine = RunLine | CallLine;

const isoTime = (at: Date | string): string => (at instanceof Date ? at.toISOString() : new Date(at).toISOString());

/** A finished run's lines, NDJSON, each ending in a newline: its `run` line, then one `call` line per API call. */
export function runBlock(report: RunReport, calls: readonly ApiCallRecord[]): string {
  const { run } = report;
  const head: RunLine = {
    type: 'run',
    courier: run.courier,
    runId: run.id,
    run,
    unmappedStatuses: report.unmappedStatuses,
    statuses: report.statuses,
    calls: calls.length,
  };
  const lines: LogLine[] = [
    head,
    ...calls.map((call, i): CallLine => ({
      type: 'call',
      courier: run.courier,
      runId: run.id,
      seq: i + 1,
      method: call.method,
      path: call.path,
      status: call.status,
      durationMs: call.durationMs,
      error: call.error,
      at: isoTime(call.at),
    })),
  ];
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** A spooled line, or null for anything that is not one (a torn write, a foreign line). */
export function parseLogLine(text: string): LogLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const line = value as Partial<LogLine>;
  if (typeof line.runId !== 'string') return null;
  if (line.type === 'run' && typeof line.calls === 'number') return line as RunLine;
  if (line.type === 'call') return line as CallLine;
  return null;
}
