import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { StatusChange } from '../effects/contract.js';
import type { EffectRouter } from '../effects/router.js';
import { linkedAsReturn, returnDelivered, returnShipment, returnsOf } from '../shipment/links.js';
import { originalOf } from '../shipment/status-change.js';
import { isTerminal } from '../statuses.js';
import type { Store } from '../store/port.js';
import type { Shipment } from '../store/types.js';

interface LinkDeps {
  store: Store;
  effects: EffectRouter;
  clock: Clock;
  log: FastifyBaseLogger;
}

/**
 * What a written check means for the shipment's linked numbers. An open shipment's returns are tracked
 * (registered when new) and, once one is delivered, the shipment is rto_delivered; a return that has just
 * been delivered moves its original the same way. Each step is idempotent and is looked at again on the
 * original's next check, so a crash between two writes loses nothing.
 */
export async function followLinks(deps: LinkDeps, shipment: Shipment, change: StatusChange | null): Promise<void> {
  try {
    if (!isTerminal(shipment.status)) {
      for (const trackingNumber of returnsOf(shipment)) await trackReturn(deps, shipment, trackingNumber);
    }
    const original = originalOf(shipment);
    if (original && change?.to === 'delivered') await closeOriginal(deps, original, shipment);
  } catch (error) {
    deps.log.error({ courier: shipment.courier, trackingNumber: shipment.trackingNumber, err: error }, 'linked shipments not brought up to date; the next check will try again');
  }
}

async function trackReturn(deps: LinkDeps, original: Shipment, trackingNumber: string): Promise<void> {
  const { store, clock } = deps;
  const known = await store.shipments.get(original.courier, trackingNumber);
  if (!known) {
    await store.shipments.register([returnShipment(original, trackingNumber)], clock.now());
    deps.log.info({ courier: original.courier, trackingNumber: original.trackingNumber, returnTrackingNumber: trackingNumber }, 'tracking the return of a shipment');
    return;
  }
  await store.shipments.update(known.id, { now: clock.now() }, (current) => linkedAsReturn(current, original.trackingNumber, clock.now()));
  if (known.status === 'delivered') await closeOriginal(deps, original.trackingNumber, known);
}

async function closeOriginal(deps: LinkDeps, trackingNumber: string, returned: Shipment): Promise<void> {
  const { store, effects, clock } = deps;
  const original = await store.shipments.get(returned.courier, trackingNumber);
  if (!original) return;
  const now = clock.now();
  await store.shipments.update(original.id, { now }, (current) => returnDelivered(current, returned, now, (change) => effects.forStatusChange(change)));
}
