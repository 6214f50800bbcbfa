import { ManualClock, type EffectMessage, type SideEffect } from 'waybill';
import { startCourierHarness, type CourierContractOptions, type SimRequest } from 'waybill/testing';
import doordash, { DOCUMENTED_STATUSES, DoorDashSimulator, type WebhookTarget } from './index.js';

/** Test credentials: a portal access key (the secret base64url, as DoorDash issues it) and the webhook's Authorization. */
export const DOORDASH_KEYS = {
  developer_id: '582e4f20-0f48-4bc2-99c2-e094675e2919',
  key_id: '585698aa-2aa6-4bb4-8b3f-dd9d3f47dc28',
  signing_secret: Buffer.from('a test signing secret of 32 byte').toString('base64url'),
  webhook_authorization: `Basic ${Buffer.from('doordash:a-webhook-password-4242').toString('base64')}`,
};

export const WEBHOOK_ONLY = { webhook_authorization: DOORDASH_KEYS.webhook_authorization };

const simulatorWith = (now: () => Date) =>
  DoorDashSimulator.start({ developerId: DOORDASH_KEYS.developer_id, keyId: DOORDASH_KEYS.key_id, signingSecret: DOORDASH_KEYS.signing_secret, webhookAuthorization: DOORDASH_KEYS.webhook_authorization, now });

export const isGetDelivery = (req: Pick<SimRequest, 'method' | 'path'>) => req.method === 'GET' && req.path.startsWith('/drive/v2/deliveries/');
const idOf = (req: Pick<SimRequest, 'path'>) => decodeURIComponent(req.path.slice('/drive/v2/deliveries/'.length));

let next = 0;

/** The contract kit's options for DoorDash Drive: Get Delivery polled with a JWT, webhooks authorized by header. */
export function doordashContract(): CourierContractOptions<DoorDashSimulator> {
  return {
    plugin: doordash,
    // The simulator checks token times on the kit's clock.
    simulator: (clock) => simulatorWith(() => clock.now()),
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials: DOORDASH_KEYS,
    known: (sim, count) =>
      Array.from({ length: count }, () => {
        const id = `D-KIT-${++next}`;
        sim.create(id);
        return id;
      }),
    unknown: 'D-KIT-NOT-CREATED',
    isTrackRequest: isGetDelivery,
    trackingNumbersOf: (req) => (isGetDelivery(req) ? [idOf(req)] : []),
    documentedStatuses: DOCUMENTED_STATUSES,
    push: {
      webhooks: new URL('./fixtures/webhooks/', import.meta.url),
      story: ['1-dasher-confirmed.json', '2-pickup-arrival.json', '3-picked-up.json', '4-dropoff-arrival.json', '5-dropped-off.json'],
      locationPing: 'location-enroute-to-pickup.json',
      trackingNumber: 'D-KIT-1763',
      sign: () => ({ authorization: DOORDASH_KEYS.webhook_authorization }),
      // The credential is a fixed header value: it does not depend on the body.
      signatureCoversBody: false,
    },
  };
}

/** 11:00 in Seattle on 1 May 2026. */
const START = '2026-05-01T18:00:00.000Z';

/**
 * The real app (HTTP API, engine, SQLite) with the DoorDash plugin pointed at its simulator on one manual
 * clock. `polling: false` configures the webhook credential only. `hook` delivers webhooks by `app.inject`;
 * `messages` are the status changes effects were given (after `drain()`).
 */
export async function startDoorDash(t: { teardown(fn: () => unknown): void }, { polling = true } = {}) {
  const clock = new ManualClock(START);
  const messages: EffectMessage[] = [];
  const recorder: SideEffect = { name: 'recorder', deliver: async (m) => void messages.push(m) };
  const h = await startCourierHarness(t, {
    plugin: doordash,
    simulator: () => simulatorWith(() => clock.now()),
    clock,
    credentials: polling ? DOORDASH_KEYS : WEBHOOK_ONLY,
    sideEffects: [recorder],
  });
  const hook: WebhookTarget = async ({ headers, body }) => (await h.app.inject({ method: 'POST', url: '/v1/webhooks/doordash', headers, payload: body })).statusCode;
  const history = async (id: string) => (await h.lookup(id)).history.map((e) => `${e.status}${e.substatus ? `/${e.substatus}` : ''}`);
  const location = async (id: string) => (await h.app.inject({ url: `/v1/shipments/doordash/${id}/location` })).json();
  const drain = async () => {
    while ((await h.app.waybill.outbox.drain()) > 0);
    return messages;
  };
  return { ...h, clock, hook, history, location, drain, minutes: (n: number) => clock.advance(n * 60_000) };
}
