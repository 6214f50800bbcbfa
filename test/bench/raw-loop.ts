import { Pool, request } from 'undici';
import { SANDBOX_CLIENT } from './sandbox-bench.js';

/**
 * What a plain client does with nothing else to do: the same batches as the engine sends, to the same
 * simulator, with the same concurrency, reading each answer as JSON and nothing more.
 */
export async function rawLoop(baseUrl: string, numbers: readonly string[], batchSize: number, concurrency: number): Promise<number> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...SANDBOX_CLIENT }).toString();
  const token = (await (await request(`${baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).body.json()) as {
    access_token: string;
  };
  const pool = new Pool(baseUrl, { connections: concurrency });
  const batches: string[][] = [];
  for (let i = 0; i < numbers.length; i += batchSize) batches.push(numbers.slice(i, i + batchSize));
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const res = await pool.request({
        path: '/v1/tracking/batch',
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tracking_numbers: batch }),
      });
      const body = (await res.body.json()) as { results: unknown[] };
      answered += body.results.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  if (answered !== numbers.length) throw new Error(`the raw loop got ${answered} answers for ${numbers.length} numbers`);
  return answered;
}
