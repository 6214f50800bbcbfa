import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./simulator-child.js', import.meta.url));

/**
 * The sandbox simulator in another process, as a courier is: what it keeps per tracking number and per
 * request (its stories' progress, its request record) is not counted in the measured process's memory.
 */
export async function startSimulatorProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const proc = spawn(process.execPath, [child], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout });
  const [first] = (await Promise.race([once(lines, 'line'), once(proc, 'exit').then(([code]) => Promise.reject(new Error(`the simulator process exited with ${code}`)))])) as [string];
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    async close() {
      const exited = once(proc, 'exit');
      proc.stdin.end();
      await exited;
    },
  };
}
