import type { Test } from 'tap';
import type { CourierSimulator } from './harness.js';
import type { KitContext, KitHarness } from './kit-context.js';
import type { PushContractOptions } from './kit-options.js';
import { loadWebhookFixtures, readWebhookFixture } from './webhook-fixtures.js';

/** Re-serialized JSON: the same data, other bytes (what a framework that parses and re-encodes would sign). */
function reserialized(raw: Buffer): Buffer {
  return Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')), null, 1));
}

/** The push part of the contract: webhooks are authenticated by the courier's scheme only and applied like poll results. */
export function pushChecks<S extends CourierSimulator>(t: Test, kit: KitContext<S>, push: PushContractOptions): void {
  const name = kit.o.plugin.declaration.name;
  const story = push.story.map((file) => readWebhookFixture(push.webhooks, file));
  const send = (h: KitHarness<S>, raw: Buffer, headers: Record<string, string> = push.sign(raw)) =>
    h.app.inject({ method: 'POST', url: `/v1/webhooks/${name}`, headers: { 'content-type': 'application/json', ...headers }, payload: raw });
  const shipment = (h: KitHarness<S>) => h.app.waybill.store.shipments.get(name, push.trackingNumber);
  const history = async (h: KitHarness<S>) => {
    const s = await shipment(h);
    return s ? (await h.app.waybill.store.shipments.history(s.id)).map((e) => `${e.status}${e.substatus ? `/${e.substatus}` : ''}`) : [];
  };

  t.test('push: a missing or wrong signature is refused (401) and changes nothing', async (t) => {
    const h = await kit.start(t);
    const raw = story[0]!.raw;
    t.equal((await send(h, raw, {})).statusCode, 401, 'no signature or credential');
    const forged = push.sign(Buffer.from(`${raw.toString('utf8')} `));
    if (push.signatureCoversBody) t.equal((await send(h, raw, forged)).statusCode, 401, 'a signature of other bytes');
    t.equal(await shipment(h), null, 'nothing written');
    if (push.signatureCoversBody) {
      const spaced = reserialized(raw);
      t.equal((await send(h, spaced, push.sign(raw))).statusCode, 401, 'a signature over the original bytes does not cover the re-serialized JSON');
      t.equal((await send(h, spaced)).statusCode, 200, 'the re-serialized bytes, signed as sent, are accepted');
    }
  });

  t.test('push: every webhook fixture is read, and each status in it has a row', async (t) => {
    const h = await kit.start(t);
    for (const fixture of loadWebhookFixtures(push.webhooks)) {
      const res = await send(h, fixture.raw);
      t.equal(res.statusCode, 200, `fixtures/webhooks/${fixture.file}: accepted${res.statusCode === 200 ? '' : ` (${res.body})`}`);
      t.same(res.json().unmapped ?? [], [], `fixtures/webhooks/${fixture.file}: every status has a row`);
    }
  });

  t.test('push: the story applies in order; a duplicate is a no-op; an earlier event arriving late does not move the status back', async (t) => {
    const h = await kit.start(t);
    for (const fixture of story) t.equal((await send(h, fixture.raw)).statusCode, 200, `fixtures/webhooks/${fixture.file} accepted`);
    const final = await shipment(h);
    t.ok(final, `${push.trackingNumber} is tracked (registered by its webhooks)`);
    const before = await history(h);
    t.match((await send(h, story.at(-1)!.raw)).json(), { changed: 0 }, 'the last webhook again changes nothing');
    t.same(await history(h), before, 'no history entry added');

    const late = await kit.start(t);
    for (const fixture of [...story].reverse()) await send(late, fixture.raw);
    t.equal((await shipment(late))?.status, final?.status, `sent newest first, the story still ends ${final?.status}`);
  });

  if (push.locationPing) {
    const ping = readWebhookFixture(push.webhooks, push.locationPing);
    t.test('push: a driver position adds no history, and the shipment shows it', async (t) => {
      const h = await kit.start(t);
      await send(h, story[0]!.raw);
      const before = await history(h);
      t.equal((await send(h, ping.raw)).statusCode, 200);
      t.same(await history(h), before, 'no history entry');
      const location = (await h.app.inject({ url: `/v1/shipments/${name}/${push.trackingNumber}/location` })).json();
      t.ok(location.driver?.location, 'GET …/location shows where the driver is');
    });
  }
}
