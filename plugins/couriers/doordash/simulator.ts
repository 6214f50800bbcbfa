import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { jwtProblem, type AccessKey } from './jwt-check.js';
import { deliveryBody, positionBody, webhookBody, type SimDelivery } from './payloads.js';
import { STORIES, type StoryName } from './stories.js';

export interface DoorDashSimulatorOptions extends AccessKey {
  /** The Authorization value configured for the webhook endpoint in the Developer Portal. */
  webhookAuthorization: string;
  /** The simulator's clock: token expiry and the time of each step. */
  now?: () => Date;
}

/** A webhook request as DoorDash makes it. */
export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
}

/** Where webhooks go: a URL (POSTed to), or a function (a test's `app.inject`); resolves the answer's status. */
export type WebhookTarget = string | ((request: WebhookRequest) => Promise<number>);

/** Which credential a webhook carries: the configured one, another, or none. */
export type Credential = 'configured' | { authorization: string } | 'none';

const DELIVERY_PATH = /^\/drive\/v2\/deliveries\/([^/]+)$/;
const problem = (status: number, code: string, message: string): SimResponse => ({ status, json: { code, message } });

/**
 * DoorDash Drive as a local server: Get Delivery behind the self-signed JWT (401 for anything else), and
 * scripted deliveries (stories.ts) that move one step when told, sending that step's webhook with the
 * configured Authorization, or not (a missed webhook). Faults through `server.injectFault`.
 */
export class DoorDashSimulator {
  readonly #deliveries = new Map<string, SimDelivery>();
  /** Every webhook sent, in order, with the answer's status: resend one for a duplicate or a late arrival. */
  readonly sent: { body: Record<string, unknown>; status: number }[] = [];

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<DoorDashSimulatorOptions>,
  ) {}

  static async start(options: DoorDashSimulatorOptions): Promise<DoorDashSimulator> {
    let sim: DoorDashSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new DoorDashSimulator(server, { now: () => new Date(), ...options });
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** A delivery the shop created (`external_delivery_id` of its choosing), waiting for a Dasher. */
  create(id: string, story: StoryName = 'DELIVERED'): void {
    this.#deliveries.set(id, { id, story: STORIES[story], reached: [{ step: STORIES[story][0], at: this.#now() }] });
  }

  /** The delivery's current API status. */
  statusOf(id: string): string | undefined {
    return this.#deliveries.get(id)?.reached.at(-1)?.step.status;
  }

  /** Moves the delivery one step without telling anyone (its webhook is lost); null at the end of its story. */
  advance(id: string): { status: string; event: string | undefined } | null {
    const d = this.#delivery(id);
    const step = d.story[d.reached.length];
    if (!step) return null;
    d.reached.push({ step, at: this.#now() });
    return { status: step.status, event: step.event };
  }

  /** Moves the delivery one step and sends that step's webhook; null at the end of its story. */
  async pushNext(target: WebhookTarget, id: string, credential: Credential = 'configured'): Promise<{ event: string | undefined; status: number | null } | null> {
    const moved = this.advance(id);
    if (!moved) return null;
    const d = this.#delivery(id);
    if (!moved.event) return { event: undefined, status: null };
    return { event: moved.event, status: await this.sendWebhook(target, webhookBody(d, d.reached.length - 1), credential) };
  }

  /** Sends every remaining step's webhook, in order; the statuses answered. */
  async pushAll(target: WebhookTarget, id: string): Promise<(number | null)[]> {
    const answers: (number | null)[] = [];
    for (let next = await this.pushNext(target, id); next; next = await this.pushNext(target, id)) answers.push(next.status);
    return answers;
  }

  /** The webhook of the step numbered `index` (0 is `created`, which has none), as DoorDash sent or would send it. */
  webhookOf(id: string, index: number): Record<string, unknown> {
    return webhookBody(this.#delivery(id), index);
  }

  /** A location-tracking webhook: where the Dasher is now, halfway to the next step. */
  async pushPosition(target: WebhookTarget, id: string, credential: Credential = 'configured'): Promise<number> {
    const d = this.#delivery(id);
    const { step } = d.reached.at(-1)!;
    const next = d.story[d.reached.length] ?? step;
    const where = { lat: (step.at.lat + next.at.lat) / 2, lng: (step.at.lng + next.at.lng) / 2 };
    const leg = ['picked_up', 'enroute_to_dropoff', 'arrived_at_dropoff'].includes(step.status) ? 'DROPOFF' : step.status.includes('return') ? 'RETURN' : 'PICKUP';
    return this.sendWebhook(target, positionBody(d, `DASHER_ENROUTE_TO_${leg}`, where, this.#now()), credential);
  }

  /** POSTs `body` as DoorDash does: JSON, with the Authorization value configured in the portal (or `credential`). */
  async sendWebhook(target: WebhookTarget, body: Record<string, unknown>, credential: Credential = 'configured'): Promise<number> {
    const authorization = credential === 'configured' ? this.options.webhookAuthorization : credential === 'none' ? undefined : credential.authorization;
    const request: WebhookRequest = { headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) }, body: JSON.stringify(body) };
    const status = typeof target === 'function' ? await target(request) : await post(target, request);
    this.sent.push({ body, status });
    return status;
  }

  #now(): string {
    return this.options.now().toISOString();
  }

  #delivery(id: string): SimDelivery {
    const d = this.#deliveries.get(id);
    if (!d) throw new Error(`the simulator has no delivery ${id}: create it first`);
    return d;
  }

  async #handle(req: SimRequest): Promise<SimResponse> {
    const id = DELIVERY_PATH.exec(req.path)?.[1];
    if (req.method !== 'GET' || id === undefined) return problem(404, 'not_found', `no route ${req.method} ${req.path}`);
    const why = await jwtProblem(req.headers.authorization, this.options, this.options.now());
    if (why) return problem(401, 'authentication_error', why);
    const d = this.#deliveries.get(decodeURIComponent(id));
    if (!d) return problem(404, 'not_found', 'Delivery not found');
    return { json: deliveryBody(d) };
  }
}

async function post(url: string, request: WebhookRequest): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  await res.arrayBuffer();
  return res.status;
}
