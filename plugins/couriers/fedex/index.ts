import { defineCourier } from 'waybill';
import { fedexAdapter } from './adapter.js';
import { fedexDeclaration } from './declaration.js';

export { FedExSimulator, DAILY_QUOTA, EXPIRED_TOKEN, WINDOW_LIMIT, type FedExSimulatorOptions } from './simulator.js';
export type { FedExPackage, FedExScan } from './sim-track-result.js';
export { DOCUMENTED_STATUSES, FEDEX_STATUSES } from './statuses.js';

export default defineCourier(fedexDeclaration, fedexAdapter);
