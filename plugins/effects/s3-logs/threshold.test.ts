import t from 'tap';
import { ManualClock } from 'waybill';
import { tempDir } from 'waybill/testing';
import { S3_LOGS_EFFECT_NAME } from './index.js';
import { PREFIX, T0, drain, getObject, listKeys, parseLines, recorder, register, runIdsOf, runOnce, s3Client, startBucket, startLoggingApp } from './testing.js';

const s3 = await startBucket(t);
const client = s3Client(s3);
t.teardown(() => client.destroy());

t.test('a spool reaching the size threshold is uploaded during the delivery, with no flush asked for', async (t) => {
  const clock = new ManualClock(T0);
  const rec = recorder();
  const prefix = 'threshold/';
  const { app } = await startLoggingApp(t, {
    clock,
    s3,
    spoolDir: tempDir(t),
    sideEffects: [rec.effect],
    env: { WAYBILL_EFFECT_S3_LOGS_FLUSH_BYTES: '200', WAYBILL_EFFECT_S3_LOGS_PREFIX: prefix },
  });
  await register(app, 'SBX-DELIVERED-701', 'SBX-RETRY-702');
  const runIds = [await runOnce(app, clock), await runOnce(app, clock)];

  const keys = await listKeys(client, prefix);
  t.equal(keys.length, 2, 'each run block is over 200 bytes: one object per delivery');
  const objects = await Promise.all(keys.map(async (key) => runIdsOf(parseLines((await getObject(client, key)).bytes))));
  t.same(objects, runIds.map((id) => [id]), 'each object holds its run');
  t.equal(rec.notices.length, 2, 'each upload announced');
  t.same(rec.notices.map((notice) => notice.data?.['key']), keys);
  t.match(await app.waybill.store.outbox.counts(), { pending: 0, dead: 0 });
});

t.test('a run report delivered again adds no lines, before or after its log was uploaded', async (t) => {
  const clock = new ManualClock(T0);
  const rec = recorder();
  const { app } = await startLoggingApp(t, { clock, s3, spoolDir: tempDir(t), sideEffects: [rec.effect] });
  await register(app, 'SBX-DELIVERED-801', 'SBX-LOST-802');
  const first = await runOnce(app, clock);
  const second = await runOnce(app, clock);
  t.equal(rec.reports.length, 2);
  const [firstReport, secondReport] = rec.reports;

  const effect = app.waybill.effects.get(S3_LOGS_EFFECT_NAME)!;
  const ctx = (attempt: number) => ({ log: app.log, attempt, dedupKey: `${S3_LOGS_EFFECT_NAME}:run:${first}` });
  await effect.deliver(firstReport!, ctx(2));
  await effect.deliver(firstReport!, ctx(3));
  await app.s3Logs.flush();
  await drain(app);

  const keys = await listKeys(client, `${PREFIX}sandbox/`);
  t.equal(keys.length, 1);
  const lines = parseLines((await getObject(client, keys[0]!)).bytes);
  t.same(runIdsOf(lines), [first, second], 'each run once');
  const calls = await app.waybill.store.apiCalls.forRun(first);
  t.equal(lines.filter((line) => line.type === 'call' && line.runId === first).length, calls.length, 'and its calls once');

  await effect.deliver(secondReport!, ctx(4));
  const after = await app.s3Logs.flush();
  t.same(after.uploaded, [], 'a report of a run already uploaded is not logged again');
  t.equal((await listKeys(client, `${PREFIX}sandbox/`)).length, 1);
});
