import type { OutboxInput } from '../store/types.js';
import type { AttentionAlert, CheckObserver, Notice, RunReport, SideEffect, StatusChange } from './contract.js';

/** Decides which effects receive a message and turns it into outbox entries with stable dedup keys. */
export class EffectRouter {
  readonly #effects = new Map<string, SideEffect>();
  readonly #observers: CheckObserver[] = [];

  addObserver(observer: CheckObserver): void {
    this.#observers.push(observer);
  }

  observersOf(courier: string): CheckObserver[] {
    return this.#observers.filter((o) => !o.couriers || o.couriers.includes(courier));
  }

  register(effect: SideEffect): void {
    if (this.#effects.has(effect.name)) throw new Error(`side effect "${effect.name}" is registered twice`);
    this.#effects.set(effect.name, effect);
  }

  get(name: string): SideEffect | undefined {
    return this.#effects.get(name);
  }

  names(): string[] {
    return [...this.#effects.keys()];
  }

  forStatusChange(change: StatusChange): OutboxInput[] {
    const substatusOnly = change.from === change.to;
    const step = substatusOnly ? `${change.to}:${change.fromSubstatus ?? ''}>${change.substatus ?? ''}` : `${change.from}>${change.to}`;
    return [...this.#effects.values()]
      .filter((e) => e.statusChanges !== false && (!substatusOnly || e.substatusChanges === true))
      .filter((e) => change.returnOf === null || e.returnChanges === true)
      .filter((e) => !e.statuses || e.statuses.includes(change.to))
      .filter((e) => !e.couriers || e.couriers.includes(change.courier))
      .map((e) => ({
        effect: e.name,
        dedupKey: `${e.name}:${change.shipmentId}:${step}:${change.at}`,
        orderKey: change.shipmentId,
        payload: change as unknown as Record<string, unknown>,
      }));
  }

  forRunReport(report: RunReport): OutboxInput[] {
    return [...this.#effects.values()]
      .filter((e) => e.runReports === true)
      .filter((e) => !e.couriers || e.couriers.includes(report.run.courier))
      .map((e) => ({ effect: e.name, dedupKey: `${e.name}:run:${report.run.id}`, orderKey: `run:${report.run.courier}`, payload: report as unknown as Record<string, unknown> }));
  }

  forAttention(alert: AttentionAlert): OutboxInput[] {
    return [...this.#effects.values()]
      .filter((e) => e.attention === true)
      .filter((e) => !e.couriers || e.couriers.includes(alert.courier))
      .map((e) => ({
        effect: e.name,
        dedupKey: `${e.name}:attention:${alert.shipmentId}:${alert.at}`,
        orderKey: alert.shipmentId,
        payload: alert as unknown as Record<string, unknown>,
      }));
  }

  forNotice(notice: Notice): OutboxInput[] {
    return [...this.#effects.values()]
      .filter((e) => e.notices?.includes(notice.kind))
      .map((e) => ({ effect: e.name, dedupKey: `${e.name}:notice:${notice.id}`, orderKey: `notice:${notice.kind}`, payload: notice as unknown as Record<string, unknown> }));
  }
}
