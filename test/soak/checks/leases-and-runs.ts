import type { StoreSnapshot } from '../store-snapshot.js';

export interface LeaseRunFigures {
  stuckShipmentLeases: number;
  stuckDeliveryLeases: number;
  runs: number;
  abandonedRuns: number;
  /** Runs still `running` after the last instance stopped (but for those below). */
  stuckRuns: number;
  /** Without run heartbeats: runs of killed instances nothing closes (reported, not failed). */
  runsLeftByKilledInstances: number;
}

/**
 * After the last instance stopped (gracefully, at `stoppedAt`): no shipment or delivery is leased beyond
 * that, and no run is left `running`. With run heartbeats, a killed instance's run is closed as
 * `abandoned` by the next instance; without them only the runs of the last instance can be required closed.
 */
export function checkLeasesAndRuns(snapshot: StoreSnapshot, lastStartedAt: number, stoppedAt: number, figures: LeaseRunFigures, problems: string[]): void {
  const stopped = new Date(stoppedAt).toISOString();
  for (const shipment of snapshot.shipments.values()) {
    if (shipment.leaseUntil === null || shipment.leaseUntil <= stopped) continue;
    figures.stuckShipmentLeases += 1;
    problems.push(`${shipment.trackingNumber}: leased until ${shipment.leaseUntil}, after the service stopped at ${stopped}`);
  }
  for (const delivery of snapshot.outbox) {
    if (delivery.leaseUntil === null || delivery.leaseUntil <= stopped || delivery.state === 'delivered') continue;
    figures.stuckDeliveryLeases += 1;
    problems.push(`delivery ${delivery.dedupKey}: leased until ${delivery.leaseUntil}, after the service stopped at ${stopped}`);
  }
  const lastStart = new Date(lastStartedAt).toISOString();
  figures.runs += snapshot.runs.length;
  figures.abandonedRuns += snapshot.runs.filter((r) => r.state === 'abandoned').length;
  for (const run of snapshot.runs.filter((r) => r.state === 'running')) {
    const ofKilled = run.startedAt < lastStart;
    if (ofKilled && !snapshot.runHeartbeats) {
      figures.runsLeftByKilledInstances += 1;
      continue;
    }
    figures.stuckRuns += 1;
    problems.push(`run ${run.id} (owner ${run.owner}, started ${run.startedAt}) is still running after the service stopped${ofKilled ? ': its instance was killed and no instance closed it as abandoned' : ''}`);
  }
}
