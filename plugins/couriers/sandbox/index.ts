import { defineCourier } from 'waybill';
import { sandboxAdapter } from './adapter.js';
import { sandboxDeclaration } from './declaration.js';
import { startLocalSandbox } from './local.js';

export { SandboxSimulator } from './simulator.js';

export default defineCourier(sandboxDeclaration, sandboxAdapter, { localSimulator: startLocalSandbox });
