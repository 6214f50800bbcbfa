import { defineCourier } from 'waybill';
import { velocityAdapter } from './adapter.js';
import { velocityApiKeyDeclaration, velocityDeclaration } from './declaration.js';

export { VelocitySimulator, NOT_FOUND_ENTRIES } from './simulator.js';
export { DOCUMENTED_STATUSES } from './statuses.js';

/**
 * Velocity authenticated with a dashboard API key (WAYBILL_COURIER_VELOCITY_API_KEY) instead of the
 * deprecated username/password login. Register it instead of the default export; the core cannot yet
 * pick an auth kind from configuration (see README).
 */
export const velocityWithApiKey = defineCourier(velocityApiKeyDeclaration, velocityAdapter);

export default defineCourier(velocityDeclaration, velocityAdapter);
