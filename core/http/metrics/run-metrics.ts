import { Counter, Histogram, type Registry } from 'prom-client';
import type { Engine } from '../../engine/engine.js';
import type { RunCounts } from '../../store/types.js';
import { BoundedLabel } from './bounded-label.js';

const RUN_DURATION_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/**
 * Counters fed by the engine since this process started: finished runs, their counts, live checks
 * (`?refresh=true`), unmapped raw statuses (label bounded; runs keep the full names), and run durations.
 */
export function registerRunMetrics(registry: Registry, engine: Engine): void {
  const registers = [registry];
  const runs = new Counter({ name: 'waybill_runs_total', help: 'Runs finished since start, by outcome', labelNames: ['courier', 'state'], registers });
  const runItems = new Counter({
    name: 'waybill_run_items_total',
    help: 'Sum of run counts since start (claimed, requests, updated, unmapped, failed, …)',
    labelNames: ['courier', 'counter'],
    registers,
  });
  const liveItems = new Counter({
    name: 'waybill_live_check_items_total',
    help: 'Sum of live-check (?refresh=true) counts since start (requests, updated, unmapped, failed, …)',
    labelNames: ['courier', 'counter'],
    registers,
  });
  const unmapped = new Counter({
    name: 'waybill_unmapped_status_total',
    help: 'Runs and live checks that met a raw status missing from the courier table (at most 50 raw_status values per courier, the rest as "other"; the run report names them all)',
    labelNames: ['courier', 'raw_status'],
    registers,
  });
  const runDuration = new Histogram({
    name: 'waybill_run_duration_seconds',
    help: 'How long finished runs took, by outcome (skipped runs do no work and are left out)',
    labelNames: ['courier', 'state'],
    buckets: RUN_DURATION_BUCKETS,
    registers,
  });
  const rawStatus = new BoundedLabel();

  const add = (counter: Counter<'courier' | 'counter'>, courier: string, counts: RunCounts, raws: readonly string[]) => {
    for (const [name, value] of Object.entries(counts)) if (value > 0) counter.inc({ courier, counter: name }, value);
    for (const raw of raws) unmapped.inc({ courier, raw_status: rawStatus.value(courier, raw) });
  };

  engine.onRunFinished((run, raws) => {
    runs.inc({ courier: run.courier, state: run.state });
    add(runItems, run.courier, run.counts, raws);
    if (run.state !== 'skipped' && run.finishedAt !== null) {
      runDuration.observe({ courier: run.courier, state: run.state }, (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
    }
  });
  engine.onLiveCheck((courier, counts, raws) => add(liveItems, courier, counts, raws));
}
