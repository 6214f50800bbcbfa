import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { buildApp, emptyCounts, loadConfig, ManualClock, type Run } from 'waybill';
import { capturingLogger, tempDir } from 'waybill/testing';
import s3Logs, { S3_LOGS_EFFECT_NAME, type CallLine, type RunLine } from './index.js';
import { BUCKET, PREFIX, T0, drain, getObject, listKeys, parseLines, recorder, register, runIdsOf, runOnce, s3Client, startBucket, startLoggingApp } from './testing.js';

const s3 = await startBucket(t);
const client = s3Client(s3);
t.teardown(() => client.destroy());

t.test('runs are spooled, uploaded as one object per flush with every API call, and announced once with a presigned URL', async (t) => {
  const clock = new ManualClock(T0);
  const rec = recorder();
  const spoolDir = tempDir(t);
  const { app, logs } = await startLoggingApp(t, { clock, s3, spoolDir, sideEffects: [rec.effect] });
  t.notOk(app.scheduler.existsById('s3-logs:flush'), 'no interval job when the app runs nothing by itself');
  await register(app, 'SBX-DELIVERED-501', 'SBX-ODDITY-502', 'SBX-NOTFOUND-503');

  const runIds: string[] = [];
  for (let i = 0; i < 3; i++) runIds.push(await runOnce(app, clock));
  t.same(await listKeys(client), [], 'nothing is uploaded below the size threshold');
  t.same(await readdir(join(spoolDir, 'sandbox')), ['runs.txt', 'spool.ndjson'], 'the runs wait in the courier spool');

  clock.advance(1_000);
  const flushedAt = clock.now();
  const report = await app.s3Logs.flush();
  t.same(report.failed, []);
  t.equal(report.uploaded.length, 1, 'one object per flush');
  await drain(app);

  const expectedKey = `${PREFIX}sandbox/${flushedAt.toISOString().replace(/[-:]/g, '')}-${runIds[0]}.ndjson`;
  t.same(await listKeys(client), [expectedKey], 'the object is under the prefix and the courier, named by flush time and first run');
  const object = await getObject(client, expectedKey);
  t.equal(object.contentType, 'application/x-ndjson');

  const lines = parseLines(object.bytes);
  t.same(runIdsOf(lines), runIds, 'one run line per run, in order');
  for (const runId of runIds) {
    const stored = (await app.waybill.store.runs.get(runId)) as Run;
    const runLine = lines.find((line): line is RunLine => line.type === 'run' && line.runId === runId)!;
    t.same(runLine.run, stored, 'the run line holds the run as the store recorded it');
    const calls = await app.waybill.store.apiCalls.forRun(runId);
    t.ok(calls.length > 0, 'the run made API calls');
    t.equal(runLine.calls, calls.length);
    const callLines = lines.filter((line): line is CallLine => line.type === 'call' && line.runId === runId);
    t.same(
      callLines.map(({ seq, method, path, status, durationMs, error, at }) => ({ seq, method, path, status, durationMs, error, at })),
      calls.map((call, i) => ({ seq: i + 1, method: call.method, path: call.path, status: call.status, durationMs: call.durationMs, error: call.error, at: call.at.toISOString() })),
      'every API call of the run, with its outcome, in order',
    );
    t.ok(callLines.every((line) => line.courier === 'sandbox'));
  }
  const runLines = lines.filter((line): line is RunLine => line.type === 'run');
  t.same(runLines.map((line) => line.unmappedStatuses), [[], [], ['WEATHER_DELAY']], 'the unmapped raw status is named by the run that met it');
  t.same(runLines[2]!.run.unmappedStatuses, ['WEATHER_DELAY']);

  // The notice: once, with a URL plain fetch can download.
  t.equal(rec.notices.length, 1, 'the upload is announced once');
  const notice = rec.notices[0]!;
  const uploaded = report.uploaded[0]!;
  const expiresAt = new Date(flushedAt.getTime() + 518_400_000).toISOString();
  t.match(notice, { type: 'notice', kind: 'runlog.uploaded', id: `s3://${BUCKET}/${expectedKey}`, courier: 'sandbox', url: uploaded.url });
  t.same(notice.data, { bucket: BUCKET, key: expectedKey, bytes: object.bytes.length, runs: 3, expiresAt }, 'six days by default');
  t.match(notice.text, /sandbox.*3 runs/);
  const url = new URL(notice.url!);
  t.equal(`${url.origin}${decodeURIComponent(url.pathname)}`, `${s3.endpoint}/${BUCKET}/${expectedKey}`, 'path-style URL on the configured endpoint');
  t.match(Object.fromEntries(url.searchParams), {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Expires': '518400',
    'X-Amz-Date': flushedAt.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, ''),
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': /^[0-9a-f]{64}$/,
  });
  t.notOk(url.searchParams.has('x-amz-checksum-mode'), 'nothing a plain GET would have to send as a header');
  const downloaded = await fetch(notice.url!);
  t.equal(downloaded.status, 200);
  t.same(Buffer.from(await downloaded.arrayBuffer()), object.bytes, 'the presigned URL returns the same bytes');

  t.same(await readdir(join(spoolDir, 'sandbox')), ['runs.txt'], 'the uploaded file is gone from the spool');
  const again = await app.s3Logs.flush();
  await drain(app);
  t.same(again, { uploaded: [], failed: [] }, 'an empty spool uploads nothing');
  t.equal((await listKeys(client)).length, 1);
  t.equal(rec.notices.length, 1, 'and announces nothing');
  t.match(await app.waybill.store.outbox.counts(), { pending: 0, dead: 0 });

  const nextRun = await runOnce(app, clock);
  await app.s3Logs.flush();
  await drain(app);
  const keys = await listKeys(client);
  t.equal(keys.length, 2, 'the next flush is the next object');
  t.same(runIdsOf(parseLines((await getObject(client, keys[1]!)).bytes)), [nextRun], 'holding only the runs since the last flush');
  t.equal(rec.notices.length, 2);

  t.notOk(logs.some((line) => line.includes(s3.secretAccessKey)), 'the secret key is never logged');
  t.notOk(logs.some((line) => line.includes('X-Amz-Signature')), 'nor a presigned URL');
});

t.test('what is spooled when the app closes is uploaded then', async (t) => {
  const clock = new ManualClock(T0);
  const spoolDir = tempDir(t);
  const prefix = 'close-test/';
  const { app } = await startLoggingApp(t, { clock, s3, spoolDir, env: { WAYBILL_EFFECT_S3_LOGS_PREFIX: prefix } });
  await register(app, 'SBX-DELIVERED-601');
  const runId = await runOnce(app, clock);
  t.same(await listKeys(client, prefix), []);
  await app.close();
  const keys = await listKeys(client, `${prefix}sandbox/`);
  t.equal(keys.length, 1, 'flushed at shutdown');
  t.same(runIdsOf(parseLines((await getObject(client, keys[0]!)).bytes)), [runId]);
  t.same(await readdir(join(spoolDir, 'sandbox')), ['runs.txt'], 'uploaded and announced before the store closed');
});

t.test('with its schedule on, the app flushes every flushIntervalMinutes by itself', async (t) => {
  const dir = tempDir(t);
  const prefix = 'interval/';
  const env = {
    WAYBILL_STORE: `sqlite:${join(dir, 'waybill.db')}`,
    WAYBILL_EFFECT_S3_LOGS_BUCKET: BUCKET,
    WAYBILL_EFFECT_S3_LOGS_ENDPOINT: s3.endpoint,
    WAYBILL_EFFECT_S3_LOGS_PREFIX: prefix,
    WAYBILL_EFFECT_S3_LOGS_SPOOL_DIR: join(dir, 'spool'),
    WAYBILL_EFFECT_S3_LOGS_FLUSH_INTERVAL_MINUTES: '0.002', // 120 ms
  };
  const app = await buildApp({ config: loadConfig(env), couriers: [], effects: [s3Logs], schedule: true, logger: capturingLogger([]) });
  t.teardown(() => app.close());
  await app.ready();
  t.ok(app.scheduler.existsById('s3-logs:flush'));
  const now = new Date().toISOString();
  const run: Run = { id: 'interval-run', courier: 'sandbox', trigger: 'schedule', state: 'succeeded', owner: 'test', startedAt: now, finishedAt: now, heartbeatAt: now, counts: emptyCounts(), error: null, pausedUntil: null, unmappedStatuses: [] };
  await app.waybill.effects.get(S3_LOGS_EFFECT_NAME)!.deliver({ type: 'run.finished', run, unmappedStatuses: [], statuses: {} }, { log: app.log, attempt: 1, dedupKey: 'interval' });
  let keys: string[] = [];
  for (let waited = 0; keys.length === 0 && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    keys = await listKeys(client, prefix);
  }
  t.equal(keys.length, 1, 'uploaded without a flush being asked for');
  t.same(runIdsOf(parseLines((await getObject(client, keys[0]!)).bytes)), ['interval-run']);
});
