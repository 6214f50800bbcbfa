import { createHmac } from 'node:crypto';
import { ManualClock, type CourierPlugin } from 'waybill';
import { startCourierHarness, type CourierContractOptions, type Harness, type SimRequest } from 'waybill/testing';
import { TOKEN_PATH } from './declaration.js';
import uberDirect from './index.js';
import { UberDirectSimulator } from './simulator.js';
import { DOCUMENTED_STATUSES } from './statuses.js';

export const COURIER = 'uber-direct';
/** The test account: polling credentials and the webhook's signing key. */
export const CREDENTIALS = { client_id: 'uber-test-client', client_secret: 'uber-test-client-secret-5150', webhook_signing_key: 'uber-test-signing-key-8080' };
/** The customer id of Uber's own examples (Get Delivery). */
export const CUSTOMER_ID = 'a11e6f29-6850-4d8d-b88d-0ae69cec1111';
export const START = '2026-05-01T10:00:00.000Z';

const DELIVERY_ROUTE = /^\/v1\/customers\/[^/]+\/deliveries\/([^/]+)$/;
export const isTrackRequest = (req: Pick<SimRequest, 'method' | 'path'>): boolean => req.method === 'GET' && DELIVERY_ROUTE.test(req.path);
export const isTokenRequest = (req: Pick<SimRequest, 'path'>): boolean => req.path === TOKEN_PATH;
const deliveryIdOf = (req: Pick<SimRequest, 'path'>): string[] => {
  const id = DELIVERY_ROUTE.exec(req.path)?.[1];
  return id ? [decodeURIComponent(id)] : [];
};

const simulatorFor = (now?: () => Date) => () =>
  UberDirectSimulator.start({ clientId: CREDENTIALS.client_id, clientSecret: CREDENTIALS.client_secret, customerId: CUSTOMER_ID, signingKey: CREDENTIALS.webhook_signing_key, ...(now ? { now } : {}) });

/** The contract kit's options for Uber Direct. */
export function uberDirectContract(plugin: CourierPlugin = uberDirect): CourierContractOptions<UberDirectSimulator> {
  return {
    plugin,
    simulator: simulatorFor(),
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials: CREDENTIALS,
    options: { customer_id: CUSTOMER_ID },
    // Deliveries with a courier on the way to the store: tracked, far from the end.
    known: (sim, count) =>
      Array.from({ length: count }, () => {
        const id = sim.createDelivery('delivered');
        sim.advance(id);
        return id;
      }),
    unknown: 'del_NoSuchDeliveryAtUberXYZ',
    isTrackRequest,
    trackingNumbersOf: deliveryIdOf,
    documentedStatuses: DOCUMENTED_STATUSES,
    tokens: { isTokenRequest, revoke: (sim) => sim.revokeTokens() },
    push: {
      webhooks: new URL('./fixtures/webhooks/', import.meta.url),
      story: ['story-1-pending.json', 'story-2-pickup.json', 'story-3-pickup-imminent.json', 'story-4-pickup-complete.json', 'story-5-dropoff.json', 'story-6-dropoff-imminent.json', 'story-7-delivered.json'],
      locationPing: 'courier-update.json',
      trackingNumber: 'del_aWs4Rm8pT1yGJ2lHbq0Xcw',
      sign: (raw) => ({ 'x-postmates-signature': createHmac('sha256', CREDENTIALS.webhook_signing_key).update(raw).digest('hex') }),
      signatureCoversBody: true,
    },
  };
}

export type UberDirectHarness = Harness<UberDirectSimulator> & {
  clock: ManualClock;
  /** Where the simulator sends its webhooks: the app, listening on a loopback port. */
  webhookUrl: string;
  /** Move the clock on (default a minute), as time passes between two steps of a delivery. */
  later(ms?: number): void;
};

/**
 * The app with Uber Direct against its simulator, listening so the simulator's webhooks arrive over HTTP;
 * simulator and app share a manual clock. `polling: false` configures the signing key only; `options`
 * override courier options (`customer_id`, …).
 */
export async function startUberDirect(
  t: { teardown(fn: () => unknown): void },
  o: { polling?: boolean; options?: Record<string, string> } = {},
): Promise<UberDirectHarness> {
  const polling = o.polling ?? true;
  const clock = new ManualClock(START);
  const harness = await startCourierHarness(t, {
    plugin: uberDirect,
    simulator: simulatorFor(() => clock.now()),
    credentials: polling ? CREDENTIALS : { webhook_signing_key: CREDENTIALS.webhook_signing_key },
    options: { ...(polling ? { customer_id: CUSTOMER_ID } : {}), ...o.options },
    clock,
  });
  const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...harness, clock, webhookUrl: `${address}/v1/webhooks/${COURIER}`, later: (ms = 60_000) => clock.advance(ms) };
}
