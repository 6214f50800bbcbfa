import type { EffectFigures } from './checks/effects.js';
import type { HistoryFigures } from './checks/history.js';
import type { LeaseRunFigures } from './checks/leases-and-runs.js';
import type { PauseFigures } from './checks/pauses.js';
import type { StoreSnapshot } from './store-snapshot.js';

export interface SoakFigures {
  seconds: number;
  /** The machine's one-minute load average at the end: the soak's pace is the machine's. */
  loadAverage: number;
  shipments: number;
  kills: number;
  requests: { tracking: number; token: number; other: number };
  faults: Record<string, number>;
  history: HistoryFigures;
  pauses: PauseFigures;
  effects: EffectFigures;
  leasesAndRuns: LeaseRunFigures;
  /** The store kept run heartbeats, so killed instances' runs had to be closed as abandoned. */
  runHeartbeats: boolean;
  service: StoreSnapshot['service'];
}

export const emptyHistoryFigures = (): HistoryFigures => ({ shipments: 0, statusChangesChecked: 0, atRiskOfKill: 0, withheld: 0, optionalMissing: 0, noChange: 0, duplicates: 0, unfinished: 0 });
export const emptyPauseFigures = (): PauseFigures => ({ pausesAsked: 0, pausesResumedByOperator: 0, inFlightAtPause: 0, afterPauseLostToKill: 0, pausedViolations: 0 });
export const emptyEffectFigures = (): EffectFigures => ({ outboxDeliveries: 0, receiverAccepted: 0, redelivered: 0, outboxDuplicateKeys: 0, undelivered: 0 });
export const emptyLeaseRunFigures = (): LeaseRunFigures => ({ stuckShipmentLeases: 0, stuckDeliveryLeases: 0, runs: 0, abandonedRuns: 0, stuckRuns: 0, runsLeftByKilledInstances: 0 });

/** The figures as the soak prints them, one group a line. */
export function formatFigures(f: SoakFigures): string {
  const faults = Object.entries(f.faults)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const { history: h, pauses: p, effects: e, leasesAndRuns: l } = f;
  return [
    `soak: ${f.shipments} shipments, ${f.seconds.toFixed(1)} s (load average ${f.loadAverage.toFixed(1)}), ${f.kills} SIGKILLs and restarts`,
    `requests: ${f.requests.tracking} tracking, ${f.requests.token} token, ${f.requests.other} other`,
    `faults injected: ${Object.values(f.faults).reduce((a, b) => a + b, 0)} (${faults})`,
    `status changes checked: ${h.statusChangesChecked - h.noChange} (${h.noChange} more named the status already held; ${h.withheld} withheld by partial answers, ${h.atRiskOfKill} heard by an instance killed right after; ${h.optionalMissing} of those not in the history but in the events); duplicates ${h.duplicates}; unfinished stories ${h.unfinished}`,
    `pauses asked: ${p.pausesAsked} (${p.pausesResumedByOperator} resumed by an operator); requests in flight at a pause ${p.inFlightAtPause}, after a pause lost to a kill ${p.afterPauseLostToKill}; paused-violations ${p.pausedViolations}`,
    `deliveries: ${e.outboxDeliveries} in the outbox, ${e.receiverAccepted} accepted (${e.redelivered} redelivered, same id and body), duplicate dedup keys ${e.outboxDuplicateKeys}, undelivered ${e.undelivered}`,
    `leases and runs: stuck shipment leases ${l.stuckShipmentLeases}, stuck delivery leases ${l.stuckDeliveryLeases}; runs ${l.runs}, abandoned ${l.abandonedRuns}, stuck ${l.stuckRuns}` +
      (f.runHeartbeats ? '' : `; no run heartbeats in this store: ${l.runsLeftByKilledInstances} runs of killed instances left running`),
    `the service's own counts: ${f.service.failedChecks} checks failed, ${f.service.leaseLost} results dropped for a lost lease, ${f.service.timedOutCalls} calls timed out`,
  ].join('\n');
}
