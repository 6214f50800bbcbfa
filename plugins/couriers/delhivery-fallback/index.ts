import { defineCourier } from 'waybill';
import { delhiveryFallbackAdapter } from './adapter.js';
import { delhiveryFallbackDeclaration } from './declaration.js';

export { DelhiveryFallbackSimulator } from './simulator.js';
export { DOCUMENTED_STATUSES } from './statuses.js';

export default defineCourier(delhiveryFallbackDeclaration, delhiveryFallbackAdapter);
