import { defineCourier } from '../../../core/courier/plugin.js';
import { sandboxAdapter } from './adapter.js';
import { sandboxDeclaration } from './declaration.js';

export { SandboxSimulator } from './simulator.js';

export default defineCourier(sandboxDeclaration, sandboxAdapter);
