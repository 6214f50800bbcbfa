import { appendFile, cp, readdir } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { ManualClock } from 'waybill';
import { tempDir } from 'waybill/testing';
import { startS3 } from '../../../test/helpers/s3.js';
import { S3_LOGS_EFFECT_NAME } from './index.js';
import { PREFIX, T0, drain, getObject, listKeys, parseLines, recorder, register, runIdsOf, runOnce, s3Client, startBucket, startLoggingApp } from './testing.js';

// The buckets live in a folder of this file's, so the server can be stopped and started again on them.
const dataDir = tempDir(t);
const s3 = await startBucket(t, { dataDir });

/** A port nothing listens on: every request to it is refused. */
async function deadEndpoint(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

t.test('a new app on the spool a crashed one left uploads its runs, cuts the torn block and knows the runs it has', async (t) => {
  const clock = new ManualClock(T0);
  const unreachable = { endpoint: await deadEndpoint(), region: s3.region };
  const crashedRec = recorder();
  const crashed = await startLoggingApp(t, { clock, s3: unreachable, spoolDir: tempDir(t), sideEffects: [crashedRec.effect] });
  await register(crashed.app, 'SBX-DELIVERED-901', 'SBX-RETURNED-902');
  const runIds = [await runOnce(crashed.app, clock), await runOnce(crashed.app, clock)];

  // What a crash right now leaves on the disk (each delivery synced its lines), plus a run block whose
  // append was cut short: its report was never acknowledged.
  const spoolDir = tempDir(t);
  await cp(crashed.app.s3Logs.spoolDir, spoolDir, { recursive: true });
  const torn = { type: 'run', courier: 'sandbox', runId: 'torn-run', calls: 2, run: {}, unmappedStatuses: [], statuses: {} };
  await appendFile(join(spoolDir, 'sandbox', 'spool.ndjson'), `${JSON.stringify(torn)}\n{"type":"call","courier":"sand`);
  await crashed.app.close();

  const rec = recorder();
  const { app, logs } = await startLoggingApp(t, { clock, s3, spoolDir, sideEffects: [rec.effect] });
  clock.advance(1_000);
  const report = await app.s3Logs.flush();
  await drain(app);
  t.same(report.failed, []);
  t.equal(report.uploaded.length, 1);
  const client = s3Client(s3);
  t.teardown(() => client.destroy());
  const keys = await listKeys(client, `${PREFIX}sandbox/`);
  t.equal(keys.length, 1);
  const lines = parseLines((await getObject(client, keys[0]!)).bytes);
  t.same(runIdsOf(lines), runIds, "the old app's runs, each once");
  t.notOk(lines.some((line) => line.runId === 'torn-run'), 'the torn block is cut off');
  t.ok(logs.some((line) => line.includes('torn by a crash')), 'and that is logged');
  t.equal(rec.notices.length, 1, 'the new app announces the upload');

  // The outbox of the crashed app would deliver its reports again: they are known.
  const effect = app.waybill.effects.get(S3_LOGS_EFFECT_NAME)!;
  for (const again of crashedRec.reports) await effect.deliver(again, { log: app.log, attempt: 2, dedupKey: `again:${again.run.id}` });
  t.same((await app.s3Logs.flush()).uploaded, [], 'nothing new to upload');
  t.equal(crashedRec.reports.length, 2);
});

t.test('with the S3 server down nothing is lost; once it is back the next flush uploads everything, the oldest first', async (t) => {
  const clock = new ManualClock(T0);
  const rec = recorder();
  const spoolDir = tempDir(t);
  const prefix = 'outage/';
  const { app, logs } = await startLoggingApp(t, { clock, s3, spoolDir, sideEffects: [rec.effect], env: { WAYBILL_EFFECT_S3_LOGS_PREFIX: prefix } });
  await register(app, 'SBX-DELIVERED-911', 'SBX-CANCELLED-912');
  const before = [await runOnce(app, clock), await runOnce(app, clock)];

  await s3.stop();
  const failed = await app.s3Logs.flush();
  t.same(failed.uploaded, []);
  t.equal(failed.failed.length, 1, 'the upload fails');
  t.match(failed.failed[0], { courier: 'sandbox', file: /uploading-.*\.ndjson$/ });
  t.ok(logs.some((line) => line.includes('stays spooled for the next flush')), 'and is logged');
  const during = await runOnce(app, clock);
  t.match(await app.waybill.store.outbox.counts(), { pending: 0, dead: 0 }, 'deliveries do not fail while S3 is down');
  t.match((await readdir(join(spoolDir, 'sandbox'))).sort(), ['runs.txt', 'spool.ndjson', /^uploading-/], 'the failed upload and the new run wait on disk');

  const back = await startS3({ port: s3.port, dataDir });
  t.teardown(() => back.stop());
  clock.advance(1_000);
  const flushed = await app.s3Logs.flush();
  await drain(app);
  t.same(flushed.failed, []);
  t.equal(flushed.uploaded.length, 2, 'the file left by the failure, then the spool');
  const client = s3Client(back);
  t.teardown(() => client.destroy());
  const keys = await listKeys(client, `${prefix}sandbox/`);
  t.same(keys, flushed.uploaded.map((u) => u.key), 'uploaded in the order their keys sort');
  const objects = await Promise.all(keys.map(async (key) => runIdsOf(parseLines((await getObject(client, key)).bytes))));
  t.same(objects, [before, [during]], 'every run, once');
  t.equal(rec.notices.length, 2, 'each announced once');
  t.same(await readdir(join(spoolDir, 'sandbox')), ['runs.txt']);
});
