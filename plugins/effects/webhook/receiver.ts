import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * A webhook receiver for tests: it verifies each delivery with the official Standard Webhooks library and
 * answers as `mode` says (`up` 204, `down` 503, `gone` 410, `hang`: never answers).
 */
export async function startReceiver(secret: string) {
  const verifier = new Webhook(secret);
  const state = { mode: 'up' as 'up' | 'down' | 'gone' | 'hang' };
  const attempts: Received[] = [];
  const accepted: { id: string; type: string; data: Record<string, unknown> }[] = [];
  const rejected: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      if (state.mode === 'hang') return attempts.push({ id, headers: req.headers, body, answered: 0 });
      const status = state.mode === 'down' ? 503 : state.mode === 'gone' ? 410 : 204;
      attempts.push({ id, headers: req.headers, body, answered: status });
      if (status === 204) {
        try {
          const payload = verifier.verify(body, req.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
          accepted.push({ id, type: payload.type, data: payload.data });
        } catch (error) {
          rejected.push((error as Error).message);
          res.writeHead(401).end();
          return;
        }
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/waybill`,
    state,
    attempts,
    accepted,
    rejected,
    close: () => new Promise<void>((resolve) => server.closeAllConnections() ?? server.close(() => resolve())),
  };
}
