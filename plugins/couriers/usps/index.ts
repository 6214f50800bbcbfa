import { defineCourier } from 'waybill';
import { uspsAdapter } from './adapter.js';
import { uspsDeclaration } from './declaration.js';

export { UspsSimulator, type UspsSimulatorOptions } from './simulator.js';
export { STORIES, type StoryName } from './sim-stories.js';
export { DOCUMENTED_STATUSES } from './statuses.js';

export default defineCourier(uspsDeclaration, uspsAdapter);
