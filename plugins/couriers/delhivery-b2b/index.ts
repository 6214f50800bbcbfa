import { defineCourier } from 'waybill';
import { delhiveryB2bAdapter } from './adapter.js';
import { delhiveryB2bDeclaration } from './declaration.js';

export { DelhiveryB2bSimulator } from './simulator.js';
export { B2B_DOCUMENTED, DOCUMENTED_STATUSES } from './statuses.js';

export default defineCourier(delhiveryB2bDeclaration, delhiveryB2bAdapter);
