import type { Clock } from '../clock.js';
import type { CourierRegistry } from '../courier/registry.js';
import type { Notice } from '../effects/contract.js';
import type { EffectRouter } from '../effects/router.js';
import type { Store } from '../store/port.js';
import { breachOf, type SlaBreach } from './breach.js';
import type { CheckedSlaRule } from './rules.js';

/** The notice kind an effect lists in `notices` to hear of SLA breaches. */
export const SLA_BREACH_NOTICE = 'sla.breached';

const PAGE = 500;

function noticeOf(breach: SlaBreach): Notice {
  const condition = breach.condition === 'in_status' ? `in ${breach.status}` : `without an event while ${breach.status}`;
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
 * shipments of its statuses, one courier and status at a time (the (courier, status) index), a page at a time.
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
        for (const status of rule.statuses) {
          for (let offset = 0; ; offset += PAGE) {
            const page = await this.deps.store.shipments.list({ courier, status, active: true }, { limit: PAGE, offset });
            for (const shipment of page.items) {
              const breach = breachOf(rule, shipment, now);
              if (breach) breaches.push(breach);
            }
            if (page.items.length < PAGE) break;
          }
        }
      }
    }
    return breaches;
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
