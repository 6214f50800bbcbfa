import { defineCourier } from 'waybill';
import { bluedartAdapter } from './adapter.js';
import { bluedartDeclaration } from './declaration.js';

export { BlueDartSimulator } from './simulator.js';
export { DOCUMENTED_STATUSES } from './vocabulary.js';

export default defineCourier(bluedartDeclaration, bluedartAdapter);
