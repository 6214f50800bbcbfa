import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { CourierRegistry } from '../courier/registry.js';
import type { EffectRouter } from '../effects/router.js';
import type { Store } from '../store/port.js';
import type { CourierGate } from './gate.js';
import type { CourierPauses } from './pauses.js';

export interface EngineDeps {
  store: Store;
  registry: CourierRegistry;
  effects: EffectRouter;
  pauses: CourierPauses;
  gate: CourierGate;
  clock: Clock;
  log: FastifyBaseLogger;
  /** This instance's lease owner id. */
  owner: string;
  leaseMs: number;
  /** Consecutive failed checks after which a shipment requires attention. */
  attentionAfterFailures: number;
}
