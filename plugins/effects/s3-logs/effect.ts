import type { SideEffect } from 'waybill';
import type { RunLogs } from './run-logs.js';

export const S3_LOGS_EFFECT_NAME = 's3-logs';

/**
 * Receives every finished run's report through the outbox and spools its log. Throws (the outbox retries)
 * only when the spool could not be written; a report delivered twice adds nothing.
 */
export function runLogEffect(logs: RunLogs): SideEffect {
  return {
    name: S3_LOGS_EFFECT_NAME,
    statusChanges: false,
    runReports: true,
    async deliver(message) {
      if (message.type !== 'run.finished') return;
      await logs.record(message);
    },
  };
}
