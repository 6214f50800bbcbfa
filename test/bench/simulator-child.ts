import { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { SANDBOX_CLIENT } from './sandbox-bench.js';

/**
 * The sandbox simulator in a process of its own (see simulator-process.ts): prints its URL as one JSON line
 * and serves until its parent closes stdin.
 */
async function main(): Promise<void> {
  const sim = await SandboxSimulator.start({ clientId: SANDBOX_CLIENT.client_id, clientSecret: SANDBOX_CLIENT.client_secret });
  process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

void main();
