import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pauseEndOf, RATE_LIMIT_FORMS, type FaultKind, type FaultPlan } from './fault-plan.js';

const TRACK_PATH = '/v1/tracking/batch';
const FORBIDDEN_COOLDOWN_MS = 8 * 60_000; // the core's default cooldowns.forbiddenMs
const DEFAULT_RATE_LIMIT_PAUSE_MS = 5 * 60_000; // the core's default cooldowns.rateLimitDefaultMs

export interface ProxyRequest {
  at: number;
  path: string;
  numbers: string[];
  fault: FaultKind | null;
}

/** A pause the proxy asked for: from when its answer went out until `end`, or until an operator resumed the courier. */
export interface AskedPause {
  kind: 'rate-limit' | 'forbidden';
  form: string;
  sentAt: number;
  end: number;
  resumedAt: number | null;
  /** Minutes long: the soak ends it with an operator resume. */
  long: boolean;
}

/** One step of a shipment's story as the simulator served it. */
export interface ServedStep {
  index: number;
  status: string;
  occurredAt: string;
  /** When answers carrying it intact went out to a client still there (the last step repeats); none when withheld. */
  heardAt: number[];
}

/**
 * A fault-injecting HTTP proxy in front of a courier simulator (here the sandbox's). Each tracking request
 * is either forwarded untouched or answered with the fault the plan draws; a fault that stands for the
 * courier not answering the request (429, 401, 403, 5xx, no answer, bad bodies) never reaches the
 * simulator, so its story does not advance unseen. A partial answer does reach it: the steps it drops are
 * recorded as withheld. Records every request, every pause asked for, and every step served.
 */
export class FaultProxy {
  readonly requests: ProxyRequest[] = [];
  readonly pauses: AskedPause[] = [];
  readonly faults = new Map<string, number>();
  readonly #steps = new Map<string, ServedStep[]>();
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: string,
    private readonly plan: FaultPlan,
  ) {}

  static async start(target: string, plan: FaultPlan): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => void proxy!.#handle(req, res).catch(() => res.destroy()));
    proxy = new FaultProxy(server, target, plan);
    server.on('connection', (socket) => {
      proxy!.#sockets.add(socket);
      socket.on('close', () => proxy!.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The steps served per tracking number, in story order. */
  steps(trackingNumber: string): readonly ServedStep[] {
    return this.#steps.get(trackingNumber) ?? [];
  }

  /** Minutes-long pauses still open: the soak resumes the courier once they have lasted a while. */
  openLongPauses(now: number): AskedPause[] {
    return this.pauses.filter((p) => p.long && p.resumedAt === null && p.end > now);
  }

  /** An operator resumed the courier at `at`: every pause open then ends there. */
  resumed(at: number): void {
    for (const pause of this.pauses) if (pause.resumedAt === null && pause.end > at) pause.resumedAt = at;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #pauseOpen(now: number): boolean {
    return this.pauses.some((p) => p.sentAt <= now && now < (p.resumedAt ?? p.end));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const numbers = path === TRACK_PATH ? numbersIn(body) : [];
    const fault = path === TRACK_PATH ? this.plan.next(!this.#pauseOpen(Date.now())) : null;
    this.requests.push({ at: Date.now(), path, numbers, fault });
    if (fault === null) return this.#forward(req, body, res, numbers);
    this.faults.set(fault, (this.faults.get(fault) ?? 0) + 1);
    return this.#serveFault(fault, req, body, res, numbers);
  }

  async #forward(req: IncomingMessage, body: string, res: ServerResponse, numbers: readonly string[], keep: (result: unknown, i: number) => unknown = (r) => r): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const upstream = await fetch(`${this.target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) });
    let text = await upstream.text();
    const served: { number: string; step: Omit<ServedStep, 'heardAt'>; intact: boolean }[] = [];
    if (numbers.length > 0 && upstream.status === 200) {
      const answer = JSON.parse(text) as { results: TrackedResult[]; errors: unknown[] };
      const kept = answer.results.map((result, i) => keep(result, i));
      for (const [i, result] of answer.results.entries()) {
        const step = { index: result.events.length - 1, status: result.status, occurredAt: result.occurred_at };
        served.push({ number: result.tracking_number, step, intact: kept[i] === result });
      }
      text = JSON.stringify({ ...answer, results: kept });
    }
    // Served, whatever becomes of the answer: the simulator's story has moved on.
    const recorded = served.map(({ number, step, intact }) => ({ step: this.#record(number, step), intact }));
    // An answer to a client that already gave up (timed out, killed) is never heard.
    const heard = () => !req.socket.destroyed;
    if (!heard()) return;
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(text, () => {
      const at = Date.now();
      for (const { step, intact } of recorded) if (intact && heard()) step.heardAt.push(at);
    });
  }

  #record(number: string, step: Omit<ServedStep, 'heardAt'>): ServedStep {
    const steps = this.#steps.get(number) ?? [];
    this.#steps.set(number, steps);
    return steps.find((s) => s.index === step.index) ?? steps[steps.push({ ...step, heardAt: [] }) - 1]!;
  }

  async #serveFault(fault: FaultKind, req: IncomingMessage, body: string, res: ServerResponse, numbers: readonly string[]): Promise<void> {
    switch (fault) {
      case 'rate-limit':
        return this.#rateLimit(res);
      case 'forbidden':
        return this.#answer(res, 403, { error: 'forbidden', message: 'access to this resource is denied' }, (sentAt) =>
          this.pauses.push({ kind: 'forbidden', form: '403', sentAt, end: sentAt + FORBIDDEN_COOLDOWN_MS, resumedAt: null, long: true }),
        );
      case 'expired-token':
        return this.#answer(res, 401, { error: 'invalid_token' });
      case 'server-error':
        return this.#answer(res, [500, 502, 503][Math.floor(this.plan.random() * 3)]!, { error: 'internal', message: 'try again later' });
      case 'no-answer':
        return; // the request times out; the socket closes when the client gives up
      case 'stalled-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"results": [');
        return;
      case 'cut-off-body': {
        const partial = '{"results": [{"tracking_number": "';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(partial.length + 400) });
        res.write(partial, () => res.destroy());
        return;
      }
      case 'malformed-body':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1><p>upstream timed out</p></body></html>');
        return;
      case 'partial-answer':
        // Every other result loses its status: the adapter reads such an entry as not found.
        return this.#forward(req, body, res, numbers, (result, i) => (i % 2 === 1 ? { tracking_number: (result as TrackedResult).tracking_number } : result));
      case 'reset':
        res.socket?.destroy();
        return;
    }
  }

  #rateLimit(res: ServerResponse): void {
    const form = RATE_LIMIT_FORMS[Math.floor(this.plan.random() * RATE_LIMIT_FORMS.length)]!;
    const seconds = 2 + Math.floor(this.plan.random() * 2);
    const now = new Date();
    this.#answer(res, 429, { error: 'rate_limited', message: 'too many requests' }, (sentAt) => {
      const end = form.defaultPause ? sentAt + DEFAULT_RATE_LIMIT_PAUSE_MS : pauseEndOf(form, now, seconds).getTime();
      this.pauses.push({ kind: 'rate-limit', form: form.name, sentAt, end, resumedAt: null, long: form.defaultPause === true });
    }, form.headers(now, seconds));
  }

  #answer(res: ServerResponse, status: number, json: unknown, sent?: (at: number) => void, headers: Record<string, string> = {}): void {
    // The pause counts from the moment the answer is handed over, before the client can have read it.
    sent?.(Date.now());
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(json));
  }
}

interface TrackedResult {
  tracking_number: string;
  status: string;
  occurred_at: string;
  events: unknown[];
}

function numbersIn(body: string): string[] {
  try {
    const numbers = (JSON.parse(body) as { tracking_numbers?: unknown }).tracking_numbers;
    return Array.isArray(numbers) ? numbers.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
