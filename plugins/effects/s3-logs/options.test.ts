import t from 'tap';
import { ConfigError } from 'waybill';
import { effectOptions } from 'waybill/testing';
import { scanBlocks } from './blocks.js';
import s3Logs from './index.js';
import { runBlock } from './lines.js';

const BUCKET = { WAYBILL_EFFECT_S3_LOGS_BUCKET: 'my-logs' };

t.test('off until the bucket is set, then on with the documented defaults', async (t) => {
  t.match(effectOptions(s3Logs, {}), { enabled: false, reason: /WAYBILL_EFFECT_S3_LOGS_BUCKET/ });
  t.match(effectOptions(s3Logs, BUCKET), {
    enabled: true,
    options: {
      bucket: 'my-logs',
      region: 'us-east-1',
      prefix: 'waybill/run-logs/',
      presignExpirySeconds: 518_400,
      flushBytes: 512_000,
      flushIntervalMinutes: 30,
      spoolDir: './data/s3-logs',
    },
  });
  const resolved = effectOptions(s3Logs, BUCKET);
  t.equal(resolved.enabled && resolved.options.endpoint, undefined, 'AWS S3 unless an endpoint is given');
});

t.test('every option from its variable', async (t) => {
  const resolved = effectOptions(s3Logs, {
    ...BUCKET,
    WAYBILL_EFFECT_S3_LOGS_REGION: 'ap-south-1',
    WAYBILL_EFFECT_S3_LOGS_ENDPOINT: 'http://127.0.0.1:9000',
    WAYBILL_EFFECT_S3_LOGS_PREFIX: '',
    WAYBILL_EFFECT_S3_LOGS_PRESIGN_EXPIRY_SECONDS: '604800',
    WAYBILL_EFFECT_S3_LOGS_FLUSH_BYTES: '200',
    WAYBILL_EFFECT_S3_LOGS_FLUSH_INTERVAL_MINUTES: '0.5',
    WAYBILL_EFFECT_S3_LOGS_SPOOL_DIR: '/var/lib/waybill/s3-logs',
  });
  t.same(resolved.enabled && resolved.options, {
    bucket: 'my-logs',
    region: 'ap-south-1',
    endpoint: 'http://127.0.0.1:9000',
    prefix: '',
    presignExpirySeconds: 604_800,
    flushBytes: 200,
    flushIntervalMinutes: 0.5,
    spoolDir: '/var/lib/waybill/s3-logs',
  });
});

t.test('values S3 or the spool cannot work with are refused, naming the variable', async (t) => {
  const refused = (variable: string, value: string) =>
    t.throws(() => effectOptions(s3Logs, { ...BUCKET, [variable]: value }), { name: ConfigError.name, message: new RegExp(variable) }, `${variable}=${value}`);
  refused('WAYBILL_EFFECT_S3_LOGS_PRESIGN_EXPIRY_SECONDS', '604801'); // SigV4 allows seven days at most
  refused('WAYBILL_EFFECT_S3_LOGS_PRESIGN_EXPIRY_SECONDS', '0');
  refused('WAYBILL_EFFECT_S3_LOGS_FLUSH_BYTES', '0');
  refused('WAYBILL_EFFECT_S3_LOGS_FLUSH_INTERVAL_MINUTES', '0');
  refused('WAYBILL_EFFECT_S3_LOGS_PREFIX', '/run-logs/');
  refused('WAYBILL_EFFECT_S3_LOGS_PREFIX', 'run-logs');
  refused('WAYBILL_EFFECT_S3_LOGS_ENDPOINT', 'localhost:9000');
  refused('WAYBILL_EFFECT_S3_LOGS_BUCKET', 'ab');
});

t.test('a spooled block is whole only with every call it announces', async (t) => {
  const run = { id: 'r1', courier: 'sandbox' } as never;
  const call = { courier: 'sandbox', runId: 'r1', method: 'POST', path: '/v1/tracking/batch', status: 200, durationMs: 5, error: null, at: new Date(0) };
  const whole = Buffer.from(runBlock({ type: 'run.finished', run, unmappedStatuses: [], statuses: {} }, [call, call]));
  t.same(scanBlocks(whole), { runIds: ['r1'], completeBytes: whole.length });
  const lastLine = whole.lastIndexOf('\n', whole.length - 2) + 1;
  t.same(scanBlocks(whole.subarray(0, lastLine)), { runIds: [], completeBytes: 0 }, 'a call line missing: torn');
  t.same(scanBlocks(whole.subarray(0, whole.length - 1)), { runIds: [], completeBytes: 0 }, 'the last newline missing: torn');
  const garbageThenWhole = Buffer.concat([Buffer.from('not json\n'), whole]);
  t.same(scanBlocks(garbageThenWhole), { runIds: ['r1'], completeBytes: garbageThenWhole.length }, 'a foreign line before whole blocks is kept');
});
