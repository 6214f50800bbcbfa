import { createHmac, randomBytes } from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { locationBody, PUSH_STORY, SIGNATURE_HEADER, statusBody } from './push.js';
import { storyOf } from './stories.js';

export interface SandboxSimulatorOptions {
  clientId: string;
  clientSecret: string;
  /** The key its webhooks are signed with. */
  webhookSecret?: string;
  tokenTtlSeconds?: number;
  batchLimit?: number;
  now?: () => Date;
}

interface Progress {
  /** When each step of the story was first served. */
  reachedAt: string[];
}

/**
 * The sandbox courier's API, served locally: OAuth2 client credentials, a batch tracking endpoint, and a
 * scripted story per tracking number that advances one step per poll. Faults are injected through `server`.
 */
export class SandboxSimulator {
  readonly #tokens = new Set<string>();
  readonly #progress = new Map<string, Progress>();
  /** Push deliveries: the next step of each. */
  readonly #pushed = new Map<string, number>();
  #pushing: NodeJS.Timeout | undefined;

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<SandboxSimulatorOptions>,
  ) {}

  static async start(options: SandboxSimulatorOptions): Promise<SandboxSimulator> {
    const full: Required<SandboxSimulatorOptions> = { tokenTtlSeconds: 3600, batchLimit: 20, now: () => new Date(), webhookSecret: randomBytes(24).toString('hex'), ...options };
    let sim: SandboxSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new SandboxSimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  /** Invalidate every issued token: the next tracking call answers 401. */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  async close(): Promise<void> {
    clearInterval(this.#pushing);
    await this.server.close();
  }

  /** Sends `body` to `target` as the sandbox sends its webhooks (signed); returns the answer's status. */
  async sendWebhook(target: string, body: unknown): Promise<number> {
    const raw = JSON.stringify(body);
    const signature = createHmac('sha256', this.options.webhookSecret).update(raw).digest('hex');
    const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body: raw });
    await res.arrayBuffer();
    return res.status;
  }

  /** The next step of a delivery made at the sandbox (tracking number and order id of the shop's choosing). */
  async pushNext(target: string, trackingNumber: string, orderId: string): Promise<{ status: number; step: string } | null> {
    const index = this.#pushed.get(trackingNumber) ?? 0;
    const step = PUSH_STORY[index];
    if (!step) return null;
    this.#pushed.set(trackingNumber, index + 1);
    const status = await this.sendWebhook(target, statusBody(trackingNumber, orderId, step, this.options.now().toISOString()));
    return { status, step: step.status };
  }

  /** Where the driver of a pushed delivery is now (between its last step and the next). */
  async pushLocation(target: string, trackingNumber: string): Promise<number> {
    const index = this.#pushed.get(trackingNumber) ?? 0;
    const [from, to] = [PUSH_STORY[Math.max(0, index - 1)]!.at, (PUSH_STORY[index] ?? PUSH_STORY.at(-1)!).at];
    return this.sendWebhook(target, locationBody(trackingNumber, { lat: (from.lat + to.lat) / 2, lng: (from.lng + to.lng) / 2 }, this.options.now().toISOString()));
  }

  /**
   * For `npm start`: deliveries made at the sandbox arrive at `target` one after another, a step or a
   * driver position every `everyMs`. Failures are ignored (the service may not be up yet).
   */
  startPushing(target: string, everyMs = 10_000): void {
    let delivery = 1;
    let tick = 0;
    const current = () => `SBX-PUSH-${String(delivery).padStart(3, '0')}`;
    this.#pushing = setInterval(() => {
      tick += 1;
      const send = tick % 2 === 0 ? this.pushLocation(target, current()).then(() => null) : this.pushNext(target, current(), `push-order-${delivery}`);
      send.then((sent) => {
        if (sent === null && tick % 2 === 1) delivery += 1;
      }, () => undefined);
    }, everyMs);
    this.#pushing.unref();
  }

  #handle(req: SimRequest): SimResponse {
    if (req.method === 'POST' && req.path === '/oauth/token') return this.#token(req);
    if (req.method === 'POST' && req.path === '/v1/tracking/batch') return this.#track(req);
    return { status: 404, json: { error: 'not_found', message: `no route ${req.method} ${req.path}` } };
  }

  #token(req: SimRequest): SimResponse {
    const form = (req.body ?? {}) as Record<string, string>;
    if (form.grant_type !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type' } };
    if (form.client_id !== this.options.clientId || form.client_secret !== this.options.clientSecret) {
      return { status: 401, json: { error: 'invalid_client' } };
    }
    const token = randomBytes(16).toString('hex');
    this.#tokens.add(token);
    return { json: { access_token: token, token_type: 'Bearer', expires_in: this.options.tokenTtlSeconds } };
  }

  #track(req: SimRequest): SimResponse {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.#tokens.has(token)) return { status: 401, json: { error: 'invalid_token' } };
    const numbers = (req.body as { tracking_numbers?: unknown } | undefined)?.tracking_numbers;
    if (!Array.isArray(numbers) || numbers.length === 0 || !numbers.every((n) => typeof n === 'string')) {
      return { status: 400, json: { error: 'bad_request', message: 'tracking_numbers must be a non-empty array of strings' } };
    }
    if (numbers.length > this.options.batchLimit) {
      return { status: 400, json: { error: 'bad_request', message: `at most ${this.options.batchLimit} tracking numbers per request` } };
    }
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const number of numbers as string[]) {
      const story = storyOf(number);
      if (!story) {
        errors.push({ tracking_number: number, code: 'NOT_FOUND', message: 'No shipment with this tracking number' });
        continue;
      }
      const progress = this.#progress.get(number) ?? { reachedAt: [] };
      if (progress.reachedAt.length < story.length) progress.reachedAt.push(this.options.now().toISOString());
      this.#progress.set(number, progress);
      const events = progress.reachedAt.map((at, i) => ({ ...storyEvent(story[i]!), occurred_at: at }));
      const latest = events[events.length - 1]!;
      results.push({
        tracking_number: number,
        status: latest.status,
        status_detail: latest.status_detail,
        occurred_at: latest.occurred_at,
        location: latest.location,
        events,
      });
    }
    return { json: { results, errors } };
  }
}

function storyEvent(step: { status: string; detail: string; location: string }) {
  return { status: step.status, status_detail: step.detail, location: step.location };
}
