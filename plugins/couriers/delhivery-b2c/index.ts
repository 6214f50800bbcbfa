import { defineCourier } from 'waybill';
import { delhiveryB2cAdapter } from './adapter.js';
import { delhiveryB2cDeclaration } from './declaration.js';

export { DelhiveryB2cSimulator } from './simulator.js';
export { DOCUMENTED_STATUSES } from './statuses.js';

export default defineCourier(delhiveryB2cDeclaration, delhiveryB2cAdapter);
