import { createHmac, randomBytes } from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { TOKEN_PATH } from './declaration.js';
import { RETURN_SCRIPT, SCRIPTS, currentStep, deliveryBody, newDeliveryId, newUuid, type Script, type SimDelivery } from './sim-deliveries.js';
import { KINDS, SIGNATURE_HEADERS, type SignatureHeader } from './webhook.js';

export interface UberDirectSimulatorOptions {
  clientId: string;
  clientSecret: string;
  customerId: string;
  /** The key its webhooks are signed with. */
  signingKey?: string;
  /** Uber's tokens live 30 days. */
  tokenTtlSeconds?: number;
  now?: () => Date;
}

export interface WebhookSendOptions {
  /** Which of Uber's two header names carries the signature (default X-Postmates-Signature). */
  header?: SignatureHeader;
  /** Sign with this key instead of the webhook's (a forged or stale signature). */
  key?: string;
  /** Send this signature as is. */
  signature?: string;
}

export interface Sent {
  status: number;
  /** Waybill's answer (`{ accepted, events, registered, changed, unmapped }` when accepted). */
  answer: Record<string, unknown>;
  /** The body that was sent, to send again (a duplicate) or later (out of order). */
  body: Record<string, unknown>;
}

const DELIVERY_ROUTE = /^\/v1\/customers\/([^/]+)\/deliveries\/([^/]+)$/;

/**
 * Uber Direct served locally: the OAuth2 token endpoint (form body, client credentials), Get Delivery with
 * bearer auth, scripted deliveries that walk Uber's lifecycle one `advance` at a time (a returned one
 * creates its `ret_…` return delivery), and a webhook sender that signs as Uber does. Faults: `server`.
 */
export class UberDirectSimulator {
  readonly #tokens = new Map<string, number>();
  readonly #deliveries = new Map<string, SimDelivery>();

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<UberDirectSimulatorOptions>,
  ) {}

  static async start(options: UberDirectSimulatorOptions): Promise<UberDirectSimulator> {
    const full: Required<UberDirectSimulatorOptions> = { signingKey: randomBytes(24).toString('hex'), tokenTtlSeconds: 2_592_000, now: () => new Date(), ...options };
    let sim: UberDirectSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new UberDirectSimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** Invalidate every issued token: the next Get Delivery answers 401. */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  /** A delivery created at Uber (by the shop, not through Waybill), at its first step: `pending`. */
  createDelivery(script: Script = 'delivered', externalId = `order-${randomBytes(3).toString('hex')}`): string {
    const at = this.#now();
    const delivery: SimDelivery = { id: newDeliveryId('del'), uuid: newUuid(), script: SCRIPTS[script], step: 0, externalId, createdAt: at, updatedAt: at };
    this.#deliveries.set(delivery.id, delivery);
    return delivery.id;
  }

  /** The next step of a delivery (the last one repeats); a `returned` one gets its return delivery. Returns the status. */
  advance(id: string): string {
    const d = this.#get(id);
    if (d.step < d.script.length - 1) d.step += 1;
    const at = this.#now();
    d.updatedAt = at;
    const { status } = currentStep(d);
    if (status === 'pickup_complete') d.pickupDone ??= at;
    if (status === 'delivered') d.dropoffDone ??= { status: 'completed', at };
    if (status === 'returned' && !d.returnLeg) {
      d.dropoffDone = { status: 'failed', at };
      const leg: SimDelivery = { id: newDeliveryId('ret'), uuid: newUuid(), script: RETURN_SCRIPT, step: 0, externalId: d.externalId, createdAt: at, updatedAt: at, pickupDone: at, original: d.id };
      this.#deliveries.set(leg.id, leg);
      d.returnLeg = leg.id;
    }
    return status;
  }

  /** The return delivery of a returned delivery. */
  returnOf(id: string): string {
    const leg = this.#get(id).returnLeg;
    if (!leg) throw new Error(`delivery ${id} has not been returned`);
    return leg;
  }

  status(id: string): string {
    return currentStep(this.#get(id)).status;
  }

  /** `event.delivery_status` for the delivery as it is now. */
  statusWebhook(id: string): Record<string, unknown> {
    const d = this.#get(id);
    return { ...this.#envelope(d, KINDS.status), status: currentStep(d).status };
  }

  /** `event.courier_update`: sent every 20 seconds while a courier is on the delivery. */
  courierWebhook(id: string): Record<string, unknown> {
    return this.#envelope(this.#get(id), KINDS.courier);
  }

  /** HMAC-SHA256 (hex) of the exact body with the webhook's signing key, as Uber signs. */
  sign(raw: string | Buffer, key = this.options.signingKey): string {
    return createHmac('sha256', key).update(raw).digest('hex');
  }

  /** POSTs `body` to `target` as Uber sends its webhooks, signed unless told otherwise. */
  async send(target: string, body: Record<string, unknown>, options: WebhookSendOptions = {}): Promise<Sent> {
    const raw = JSON.stringify(body);
    const signature = options.signature ?? this.sign(raw, options.key);
    const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', [options.header ?? SIGNATURE_HEADERS[0]]: signature }, body: raw });
    const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, answer, body };
  }

  /** Advance a delivery one step and send its `event.delivery_status`. */
  async pushNext(target: string, id: string, options: WebhookSendOptions = {}): Promise<Sent> {
    this.advance(id);
    return this.send(target, this.statusWebhook(id), options);
  }

  #envelope(d: SimDelivery, kind: string): Record<string, unknown> {
    return {
      id: `evt_${randomBytes(16).toString('base64url')}`,
      kind,
      created: this.#now(),
      live_mode: false,
      delivery_id: d.id,
      customer_id: this.options.customerId,
      developer_id: 'dev_simulated',
      account_id: 'acc_simulated',
      data: deliveryBody(d),
    };
  }

  #now(): string {
    return this.options.now().toISOString();
  }

  #get(id: string): SimDelivery {
    const d = this.#deliveries.get(id);
    if (!d) throw new Error(`the simulator has no delivery ${id}`);
    return d;
  }

  #handle(req: SimRequest): SimResponse {
    if (req.method === 'POST' && req.path === TOKEN_PATH) return this.#token(req);
    const route = req.method === 'GET' ? DELIVERY_ROUTE.exec(req.path) : null;
    if (route) return this.#delivery(req, decodeURIComponent(route[1]!), decodeURIComponent(route[2]!));
    return { status: 404, json: { code: 'not_found', message: `no route ${req.method} ${req.path}`, kind: 'error' } };
  }

  #token(req: SimRequest): SimResponse {
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, string>;
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return { status: 400, json: { error: 'invalid_request' } };
    if (form.grant_type !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type' } };
    if (form.client_id !== this.options.clientId || form.client_secret !== this.options.clientSecret) return { status: 401, json: { error: 'invalid_client' } };
    if (!(form.scope ?? '').split(' ').includes('eats.deliveries')) return { status: 400, json: { error: 'invalid_scope' } };
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(token, this.options.now().getTime() + this.options.tokenTtlSeconds * 1000);
    return { json: { access_token: token, token_type: 'Bearer', expires_in: this.options.tokenTtlSeconds, scope: 'eats.deliveries' } };
  }

  #delivery(req: SimRequest, customerId: string, deliveryId: string): SimResponse {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiresAt = token ? this.#tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= this.options.now().getTime()) {
      return { status: 401, json: { code: 'unauthorized', message: 'Invalid OAuth 2.0 credentials provided.' } };
    }
    if (customerId !== this.options.customerId) return { status: 404, json: { code: 'customer_not_found', message: 'Customer does not exist.', kind: 'error' } };
    const delivery = this.#deliveries.get(deliveryId);
    if (!delivery) return { status: 404, json: { code: 'delivery_not_found', message: 'The requested delivery does not exist.', kind: 'error' } };
    return { json: deliveryBody(delivery) };
  }
}
