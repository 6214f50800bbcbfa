import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import t, { type Test } from 'tap';
import { ManualClock } from 'waybill/testing';
import { startSandboxHarness } from '../../couriers/sandbox/testing.js';
import email from './index.js';

/** A real SMTP server on a free loopback port; `reject` makes it refuse recipients with a 5xx or drop with a 4xx. */
async function startSmtp(t: Test) {
  const received: ParsedMail[] = [];
  const state = { reject: null as null | 450 | 550 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.reject === null) return callback();
      const error = Object.assign(new Error(state.reject === 550 ? 'mailbox unavailable' : 'try again later'), { responseCode: state.reject });
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, state };
}

async function start(t: Test) {
  const smtp = await startSmtp(t);
  const h = await startSandboxHarness(t, {
    clock: new ManualClock('2026-05-01T04:00:00.000Z'),
    effects: [email],
    env: {
      WAYBILL_EFFECT_EMAIL_SMTP_URL: smtp.url,
      WAYBILL_EFFECT_EMAIL_FROM: 'waybill@shop.example',
      WAYBILL_EFFECT_EMAIL_TO: 'ops@shop.example, logistics@shop.example',
      WAYBILL_EFFECT_EMAIL_TIMEOUT_MS: '2000',
    },
  });
  return { ...h, smtp };
}

t.test('a summary after each run, with counts per outcome and per status, and alert mails', async (t) => {
  const h = await start(t);
  await h.register(['SBX-DELIVERED-1', 'SBX-LOST-1', 'SBX-ODDITY-1', 'SBX-NOTFOUND-1']);
  for (let i = 0; i < 4; i++) {
    await h.run();
    h.clock.advance(6_000);
  }
  await h.drain();
  const subjects = h.smtp.received.map((m) => m.subject);
  t.equal(subjects.filter((s) => s?.startsWith('[Waybill] sandbox run succeeded')).length, 4, 'one summary per run');
  t.ok(subjects.includes('[Waybill] Shipment lost: SBX-LOST-1'), 'an alert mail for the lost shipment');
  t.ok(subjects.includes('[Waybill] sandbox: raw statuses without a row in the status table'), 'and for the unmapped status');
  const third = h.smtp.received.find((m) => /unmapped/.test(m.subject ?? '') && m.subject?.includes('run succeeded'))!;
  t.match(third.subject, /^\[Waybill\] sandbox run succeeded: 4 checked, \d+ updated, 0 failed, 1 unmapped$/);
  t.match(third.text, /Outcomes\n {2}claimed +4\n {2}requests +\d+\n {2}updated +\d+/);
  t.match(third.text, /Shipments by status after the run\n(.*\n)* {2}in_transit +\d+/);
  t.match(third.text, /Raw statuses without a row in the status table\n {2}WEATHER_DELAY +unmapped/);
  t.match(third.html, /<table border="1"[^>]*><tr><th align="left">courier<\/th><td align="right">sandbox<\/td><\/tr>/);
  t.same(third.to && 'value' in third.to ? third.to.value.map((a) => a.address) : [], ['ops@shop.example', 'logistics@shop.example']);
  t.equal(third.from?.value[0]?.address, 'waybill@shop.example');
  t.match(third.messageId, /^<[0-9a-f]{32}@waybill>$/, 'a stable Message-ID from the delivery');
});

t.test('a 4xx from the mail server is retried, a 5xx is a dead letter', async (t) => {
  const h = await start(t);
  await h.register(['SBX-CANCELLED-1']);
  h.smtp.state.reject = 450;
  await h.run();
  await h.drain();
  const { store } = h.app.waybill;
  const first = (await store.outbox.list({ effect: 'email' }, { limit: 1, offset: 0 })).items[0];
  t.match(first, { state: 'pending', attempts: 1, lastError: /try again later/ });
  h.smtp.state.reject = 550;
  h.clock.advance(60_000);
  await h.drain();
  t.match(await store.outbox.get(first!.id), { state: 'dead', attempts: 2, lastError: /the mail server refused the message: .*mailbox unavailable/ });
  h.smtp.state.reject = null;
  await store.outbox.redrive({ effect: 'email' }, h.clock.now());
  await h.drain();
  t.match(h.smtp.received.map((m) => m.subject), ['[Waybill] sandbox run succeeded: 1 checked, 1 updated, 0 failed'], 'delivered once the server takes it');
});
