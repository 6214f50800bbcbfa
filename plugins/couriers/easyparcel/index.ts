import { defineCourier } from 'waybill';
import { easyparcelAdapter } from './adapter.js';
import { easyparcelDeclaration } from './declaration.js';

export { EasyParcelSimulator } from './simulator.js';
export { DOCUMENTED_STATUSES, EASYPARCEL_STATUSES } from './statuses.js';

export default defineCourier(easyparcelDeclaration, easyparcelAdapter);
