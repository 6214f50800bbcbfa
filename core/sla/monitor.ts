import type { Clock } from '../clock.js';
import type { CourierRegistry } from '../courier/registry.js';
import type { Notice } from '../effects/contract.js';
import type { EffectRouter } from '../effects/router.js';
import type { Store } from '../store/port.js';
import type { Shipment, ShipmentFilter } from '../store/types.js';
import { breachOf, statusEpisodeStart, type SlaBreach } from './breach.js';
import type { CheckedSlaRule } from './rules.js';

/** The notice kind an effect lists in `notices` to hear of SLA breaches. */
export const SLA_BREACH_NOTICE = 'sla.breached';

const PAGE = 500;

function noticeOf(breach: SlaBreach): Notice {
  const condition = { in_status: `in ${breach.status}`, no_event: `without an event while ${breach.status}`, check_failing: `with its checks failing` }[breach.condition];
  return {
    type: 'notice',
    kind: SLA_BREACH_NOTICE,
    id: `sla:${breach.key}`,
    courier: breach.courier,
    text: `SLA rule ${breach.rule} breached: ${breach.courier} ${breach.trackingNumber} ${condition} for more than ${breach.hours} h (since ${breach.since})`,
    at: breach.breachedAt,
    data: { ...breach },
  };
}

/**
 * Breaches are derived from the shipments whenever they are asked for, never stored: one is open while its
 * shipment is in the rule's condition, and closes when the shipment leaves it. A rule reads the active
 * shipments of its statuses (or, failing, those whose last check failed), one courier at a time, a page at a
 * time; a failing streak's start is read from the check log.
 */
export class SlaMonitor {
  constructor(private readonly deps: { store: Store; registry: CourierRegistry; effects: EffectRouter; clock: Clock; rules: readonly CheckedSlaRule[] }) {}

  get rules(): readonly CheckedSlaRule[] {
    return this.deps.rules;
  }

  /** Every open breach, by rule in configured order, then newest shipment first. */
  async openBreaches(): Promise<SlaBreach[]> {
    const now = this.deps.clock.now();
    const breaches: SlaBreach[] = [];
    for (const rule of this.deps.rules) {
      const couriers = rule.courier !== undefined ? [rule.courier] : this.deps.registry.list().map((e) => e.name);
      for (const courier of couriers) {
        const filters: ShipmentFilter[] =
          rule.condition === 'check_failing' ? [{ courier, active: true, failures: { atLeast: 1 } }] : (rule.statuses ?? []).map((status) => ({ courier, status, active: true }));
        for (const filter of filters) {
          for await (const shipment of this.#shipments(filter)) {
            const since = rule.condition === 'check_failing' ? await this.#failingSince(shipment) : statusEpisodeStart(rule, shipment);
            const breach = breachOf(rule, shipment, since, now);
            if (breach) breaches.push(breach);
          }
        }
      }
    }
    return breaches;
  }

  async *#shipments(filter: ShipmentFilter): AsyncGenerator<Shipment> {
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.deps.store.shipments.list(filter, { limit: PAGE, offset });
      yield* page.items;
      if (page.items.length < PAGE) return;
    }
  }

  /**
   * When the shipment's streak of failed checks began: the check log's `consecutiveFailures`-th newest check
   * of it (newest first), else its oldest one kept, else its last check.
   */
  async #failingSince(shipment: Shipment): Promise<string> {
    const checks = this.deps.store.checks;
    const streak = await checks.list({ shipmentId: shipment.id }, { limit: 1, offset: shipment.consecutiveFailures - 1 });
    const first = streak.items[0] ?? (streak.total > 0 ? (await checks.list({ shipmentId: shipment.id }, { limit: 1, offset: streak.total - 1 })).items[0] : undefined);
    return first?.at.toISOString() ?? shipment.lastCheckedAt ?? shipment.updatedAt;
  }

  /**
   * Announce every open breach to the effects that listen for SLA_BREACH_NOTICE. The outbox keeps one
   * message per notice id (rule, shipment, episode), so a breach still open at the next evaluation is not
   * announced again — until retention deletes its delivered message (WAYBILL_RETENTION_DAYS).
   */
  async evaluate(): Promise<SlaBreach[]> {
    const breaches = await this.openBreaches();
    const outbox = breaches.flatMap((b) => this.deps.effects.forNotice(noticeOf(b)));
    if (outbox.length > 0) await this.deps.store.outbox.enqueue(outbox, this.deps.clock.now());
    return breaches;
  }
}
