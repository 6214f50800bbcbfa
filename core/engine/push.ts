import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { DriverPosition, WebhookEvent } from '../courier/adapter.js';
import type { CourierEntry } from '../courier/registry.js';
import type { EffectRouter } from '../effects/router.js';
import { afterCheck, type CheckUpdate } from '../shipment/check.js';
import type { Store } from '../store/port.js';
import { SYSTEM_ACTOR, type CheckRecord } from '../store/check-log.js';
import type { Shipment } from '../store/types.js';
import { evaluateResult } from './evaluate.js';
import { followLinks } from './links.js';

/** The `origin` of shipments a courier's webhook made known (shops create last-mile deliveries at the courier). */
export const WEBHOOK_ORIGIN = 'webhook';

export interface IntakeOutcome {
  events: number;
  /** Deliveries Waybill had not seen before. */
  registered: number;
  /** Events that moved a status or substatus. */
  changed: number;
  unmapped: string[];
}

/** A later position replaces the known one; an older one arriving late is dropped. */
function newerDriver(current: DriverPosition | null, reported: DriverPosition): DriverPosition | null {
  if (current !== null && Date.parse(reported.at) < Date.parse(current.at)) return null;
  return { ...current, ...reported, location: reported.location ?? current?.location };
}

/**
 * Applies what a push courier's webhook says, one shipment at a time, through the same rules a poll result
 * goes through (mapping, the guard against regressions, history, first-seen times, effects). A status
 * report fences out a poll in flight (which judged an older state); a driver position adds no history and
 * leaves leases alone.
 */
export class WebhookIntake {
  readonly counts = new Map<string, { accepted: number; refused: number; unreadable: number }>();

  constructor(private readonly deps: { store: Store; effects: EffectRouter; clock: Clock; log: FastifyBaseLogger }) {}

  count(courier: string, outcome: 'accepted' | 'refused' | 'unreadable'): void {
    const c = this.counts.get(courier) ?? { accepted: 0, refused: 0, unreadable: 0 };
    c[outcome] += 1;
    this.counts.set(courier, c);
  }

  async receive(entry: CourierEntry, events: readonly WebhookEvent[]): Promise<IntakeOutcome> {
    const outcome: IntakeOutcome = { events: events.length, registered: 0, changed: 0, unmapped: [] };
    const checks: CheckRecord[] = [];
    for (const event of events) await this.#apply(entry, event, outcome, checks);
    await this.deps.store.checks.record(checks);
    return outcome;
  }

  async #apply(entry: CourierEntry, event: WebhookEvent, outcome: IntakeOutcome, checks: CheckRecord[]): Promise<void> {
    const { store, effects, clock, log } = this.deps;
    const known = await store.shipments.get(entry.name, event.trackingNumber);
    if (!known) {
      const [registered] = await store.shipments.register([{ courier: entry.name, trackingNumber: event.trackingNumber, orderId: event.orderId ?? null, origin: WEBHOOK_ORIGIN }], clock.now());
      if (registered?.created) outcome.registered += 1;
    }
    const shipment = known ?? (await store.shipments.get(entry.name, event.trackingNumber))!;
    const now = clock.now();
    let unmapped: string | undefined;
    const written = await store.shipments.update(shipment.id, { now }, (current): CheckUpdate | null => {
      const driver = event.driver ? newerDriver(current.driver, event.driver) : null;
      if (!event.result) return driver ? { next: { ...current, driver, updatedAt: now.toISOString() }, history: [], events: [], outbox: [], lease: 'keep', change: null } : null;
      const evaluation = evaluateResult(current, { ...event.result, trackingNumber: current.trackingNumber }, entry, now);
      unmapped = evaluation.unmapped;
      const update = afterCheck(current, evaluation.write, now, (change) => effects.forStatusChange(change));
      const next: Shipment = driver ? { ...update.next, driver } : update.next;
      return { ...update, next, lease: 'fence' };
    });
    if (written.written && written.update.change) outcome.changed += 1;
    if (written.written && event.result) {
      checks.push({
        shipmentId: shipment.id, courier: entry.name, trackingNumber: shipment.trackingNumber, trigger: 'webhook', triggeredBy: SYSTEM_ACTOR, runId: null,
        success: true, httpStatus: null, responseTimeMs: null, error: written.shipment.lastError,
        previousStatus: written.update.change?.from ?? written.shipment.status, newStatus: written.shipment.status, eventsAdded: written.newEvents, at: now,
      });
    }
    if (written.written && event.result) await followLinks(this.deps, written.shipment, written.update.change);
    if (unmapped !== undefined) {
      outcome.unmapped.push(unmapped);
      log.warn({ courier: entry.name, rawStatus: unmapped }, 'unmapped courier status in a webhook: stored raw, canonical status unchanged');
    }
  }
}
