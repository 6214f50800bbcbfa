import { defineCourier } from 'waybill';
import { shiprocketAdapter } from './adapter.js';
import { shiprocketDeclaration } from './declaration.js';

export { ShiprocketSimulator, scan } from './simulator.js';
export { DOCUMENTED_STATUSES } from './statuses.js';

export default defineCourier(shiprocketDeclaration, shiprocketAdapter);
