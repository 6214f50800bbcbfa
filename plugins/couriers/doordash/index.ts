import { defineCourier } from 'waybill';
import { doordashAdapter } from './adapter.js';
import { doordashDeclaration } from './declaration.js';

export { DoorDashSimulator, type Credential, type WebhookRequest, type WebhookTarget } from './simulator.js';
export { DOCUMENTED_STATUSES } from './statuses.js';
export { STORIES, type StoryName } from './stories.js';

export default defineCourier(doordashDeclaration, doordashAdapter);
