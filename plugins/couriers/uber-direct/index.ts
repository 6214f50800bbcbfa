import { defineCourier } from 'waybill';
import { uberDirectAdapter } from './adapter.js';
import { uberDirectDeclaration } from './declaration.js';

export { UberDirectSimulator } from './simulator.js';

export default defineCourier(uberDirectDeclaration, uberDirectAdapter);
