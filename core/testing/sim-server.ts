import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SimRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** Parsed JSON or form body; the raw text when it is neither. */
  body: unknown;
  /** When the request's head arrived, in epoch milliseconds with sub-millisecond precision. */
  receivedAt: number;
}

export interface SimResponse {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

/** A fault a courier really produces, served instead of the normal answer. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'timeout' }
  | { kind: 'malformed' }
  | { kind: 'truncated' }
  /** Headers and the start of the body, then nothing more: the body never finishes. */
  | { kind: 'stall' }
  | { kind: 'reset' };

interface ArmedFault {
  fault: Fault;
  remaining: number;
  match: (req: SimRequest) => boolean;
}

/** A normal (non-fault) answer as it went out, for replaying the exact same response later. */
export interface SimExchange {
  request: SimRequest;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/**
 * A local HTTP server standing in for a courier: answers through `handler`, records every request,
 * and serves injected faults (429 with any Retry-After, 401, 403, 5xx, hangs, malformed and cut-off
 * bodies). Listens on 127.0.0.1 on a free port.
 */
export class SimServer {
  readonly requests: SimRequest[] = [];
  readonly exchanges: SimExchange[] = [];
  readonly #faults: ArmedFault[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly handler: SimHandler,
  ) {}

  static async start(handler: SimHandler): Promise<SimServer> {
    let sim: SimServer | undefined;
    const server = createServer((req, res) => void sim!.#handle(req, res));
    sim = new SimServer(server, handler);
    server.on('connection', (socket) => {
      sim!.#sockets.add(socket);
      socket.on('close', () => sim!.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sim;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Serve `fault` for the next `times` requests that `match` (default: every request). */
  injectFault(fault: Fault, options: { times?: number; match?: (req: SimRequest) => boolean } = {}): void {
    this.#faults.push({ fault, remaining: options.times ?? 1, match: options.match ?? (() => true) });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://sim');
    const text = await readBody(req);
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: parseBody(text, req.headers['content-type']),
      receivedAt,
    };
    this.requests.push(request);
    const armed = this.#faults.find((f) => f.remaining > 0 && f.match(request));
    if (armed) {
      armed.remaining -= 1;
      serveFault(armed.fault, res);
      return;
    }
    try {
      const answer = await this.handler(request);
      const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '');
      const headers = { 'content-type': answer.json !== undefined ? 'application/json' : 'text/plain', ...answer.headers };
      this.exchanges.push({ request, status: answer.status ?? 200, headers, body });
      res.writeHead(answer.status ?? 200, headers);
      res.end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`simulator error: ${(error as Error).message}`);
    }
  }
}

function serveFault(fault: Fault, res: ServerResponse): void {
  switch (fault.kind) {
    case 'status':
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ message: `simulated ${fault.status}` }));
      return;
    case 'timeout':
      return; // never answer; the socket is destroyed when the server closes
    case 'malformed':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    case 'truncated': {
      const partial = '{"results": [{"tracking_number": "';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(partial.length + 200) });
      res.write(partial, () => res.destroy());
      return;
    }
    case 'stall':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"results": [');
      return; // the socket is destroyed when the server closes
    case 'reset':
      res.socket?.destroy();
      return;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
