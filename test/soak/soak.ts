import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusMapper } from '../../core/courier/status-mapper.js';
import { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { SANDBOX_STATUSES } from '../../plugins/couriers/sandbox/statuses.js';
import { storyOf } from '../../plugins/couriers/sandbox/stories.js';
import { messageId } from '../../plugins/effects/webhook/endpoint.js';
import { startReceiver } from '../../plugins/effects/webhook/receiver.js';
import { checkEffects } from './checks/effects.js';
import { checkHistory, type ReadStatus } from './checks/history.js';
import { KillRisk } from './checks/kill-risk.js';
import { checkLeasesAndRuns } from './checks/leases-and-runs.js';
import { checkPauses } from './checks/pauses.js';
import { randomFaultPlan, seededRandom } from './fault-plan.js';
import { FaultProxy } from './fault-proxy.js';
import { emptyEffectFigures, emptyHistoryFigures, emptyLeaseRunFigures, emptyPauseFigures, type SoakFigures } from './figures.js';
import { startService, type ServiceInstance } from './service.js';
import { deliveryProgress, readStoreSnapshot } from './store-snapshot.js';

export interface SoakConfig {
  shipments: number;
  kills: number;
  /** Roughly when the kills fall: spread over this long after the shipments are registered. */
  killSpanMs: number;
  /** Share of tracking requests answered with a fault. */
  faultRate: number;
  seed: number;
  /** Give up waiting for the stories to finish after this long (the checks then report them unfinished). */
  deadlineMs: number;
  leaseSeconds: number;
  /** Leave the SQLite file behind, for a look after a failure. */
  keepStore: boolean;
  log(line: string): void;
}

export interface SoakResult {
  figures: SoakFigures;
  problems: string[];
}

const STORIES = ['DELIVERED', 'RETRY', 'RETURNED', 'LOST', 'CANCELLED', 'ODDITY'] as const;
const CLIENT = { id: 'soak-client', secret: 'soak-client-secret-0123456789abcdef' };
const WEBHOOK_SECRET = `whsec_${Buffer.from('the soak receiver secret, 32 b.').toString('base64')}`;
/** How long after handing an instance an answer a SIGKILL may still have kept it from being written. */
const KILL_RISK_MS = 3_000;
/** How long after a pause was asked for a request may still be one the service had sent before reading it. */
const PAUSE_ALLOWANCE_MS = 1_000;
/** How long a minutes-long pause (403, 429 without header) lasts before the soak resumes the courier. */
const OPERATOR_RESUME_AFTER_MS = 1_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fault soak: thousands of sandbox shipments tracked by the real service, as its own process on a
 * SQLite file, through a fault-injecting proxy in front of the sandbox simulator, with a webhook effect
 * delivering to a local receiver; the service is SIGKILLed and restarted during the runs, then stopped,
 * and what the simulator served, the store kept and the receiver got are checked against each other.
 */
export async function runSoak(config: SoakConfig): Promise<SoakResult> {
  const started = Date.now();
  const random = seededRandom(config.seed);
  const sim = await SandboxSimulator.start({ clientId: CLIENT.id, clientSecret: CLIENT.secret, tokenTtlSeconds: 3600 });
  const proxy = await FaultProxy.start(sim.url, randomFaultPlan(config.faultRate, random));
  const receiver = await startReceiver(WEBHOOK_SECRET);
  const dir = await mkdtemp(join(tmpdir(), 'waybill-soak-'));
  const db = join(dir, 'waybill.db');
  const env = serviceEnv(db, proxy.url, receiver.url, config.leaseSeconds);
  const numbers = Array.from({ length: config.shipments }, (_, i) => `SBX-${STORIES[i % STORIES.length]}-SOAK${i}`);
  let instance: ServiceInstance | undefined;
  try {
    instance = await startService(env);
    await register(instance.url, numbers);
    config.log(`soak: ${numbers.length} shipments registered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const kills = killTimes(config, random);
    const killedAt: number[] = [];
    const deadline = Date.now() + config.deadlineMs;
    let reported = Date.now();
    while (Date.now() < deadline) {
      await sleep(250);
      if (Date.now() - reported >= 10_000) {
        reported = Date.now();
        config.log(`soak: ${((reported - started) / 1000).toFixed(0)} s, ${proxy.requests.length} requests, ${numbers.filter((n) => storyTold(proxy, n)).length} of ${numbers.length} stories told`);
      }
      if (kills.length > 0 && Date.now() >= kills[0]!) {
        kills.shift();
        killedAt.push(Date.now());
        await instance.kill();
        instance = await startService(env);
        config.log(`soak: SIGKILL ${killedAt.length}, restarted in ${((Date.now() - killedAt.at(-1)!) / 1000).toFixed(1)} s`);
      }
      await resumeLongPauses(proxy, instance.url);
      if (kills.length === 0 && finished(proxy, numbers) && allDelivered(db, receiver.accepted)) break;
    }
    // The last instance lives at least two leases, long enough to close the runs its predecessors left.
    await sleep(Math.max(0, instance.startedAt + 2 * config.leaseSeconds * 1000 - Date.now()));
    const lastStartedAt = instance.startedAt;
    await instance.stop();
    instance = undefined;
    const stoppedAt = Date.now();
    return judge({ config, numbers, proxy, db, killedAt, accepted: receiver.accepted, lastStartedAt, stoppedAt, started });
  } finally {
    await instance?.kill();
    await Promise.all([proxy.close(), sim.close(), receiver.close()]);
    if (config.keepStore) config.log(`soak: the store is kept in ${db}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

function serviceEnv(db: string, courierUrl: string, receiverUrl: string, leaseSeconds: number): Record<string, string> {
  return {
    WAYBILL_STORE: `sqlite:${db}`,
    WAYBILL_SANDBOX: 'off',
    WAYBILL_LOG_LEVEL: 'error',
    WAYBILL_LEASE_SECONDS: String(leaseSeconds),
    WAYBILL_OUTBOX_LEASE_SECONDS: '5',
    WAYBILL_COURIER_SANDBOX_BASE_URL: courierUrl,
    WAYBILL_COURIER_SANDBOX_CLIENT_ID: CLIENT.id,
    WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: CLIENT.secret,
    WAYBILL_COURIER_SANDBOX_WEBHOOK_SECRET: 'soak-webhook-secret-0123456789',
    // A run every second, uncapped, with the quota out of the way: the faults set the pace.
    WAYBILL_COURIER_SANDBOX_CRON: '* * * * * *',
    WAYBILL_COURIER_SANDBOX_MAX_PER_RUN: '1000000',
    WAYBILL_COURIER_SANDBOX_QUOTA_REQUESTS: '6000',
    WAYBILL_COURIER_SANDBOX_QUOTA_WINDOW_SECONDS: '60',
    WAYBILL_COURIER_SANDBOX_CONCURRENCY: '8',
    WAYBILL_COURIER_SANDBOX_REQUEST_TIMEOUT_MS: '5000',
    WAYBILL_COURIER_SANDBOX_CONNECT_TIMEOUT_MS: '1000',
    WAYBILL_EFFECT_WEBHOOK_URL: receiverUrl,
    WAYBILL_EFFECT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  };
}

async function register(url: string, numbers: readonly string[]): Promise<void> {
  for (let i = 0; i < numbers.length; i += 1000) {
    const shipments = numbers.slice(i, i + 1000).map((trackingNumber) => ({ courier: 'sandbox', trackingNumber, orderId: `order-${trackingNumber}` }));
    const res = await fetch(`${url}/v1/shipments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shipments }) });
    if (res.status !== 201) throw new Error(`registering shipments answered ${res.status}: ${await res.text()}`);
  }
}

/** Kill times spread evenly over the span, each shifted by up to a quarter of the gap. */
function killTimes(config: SoakConfig, random: () => number): number[] {
  const gap = config.killSpanMs / (config.kills + 1);
  return Array.from({ length: config.kills }, (_, i) => Date.now() + gap * (i + 1) + (random() - 0.5) * gap * 0.5);
}

/** A minutes-long pause would stall the soak: after a while, an operator resumes the courier. */
async function resumeLongPauses(proxy: FaultProxy, serviceUrl: string): Promise<void> {
  const now = Date.now();
  if (!proxy.openLongPauses(now).some((p) => now - p.sentAt >= OPERATOR_RESUME_AFTER_MS)) return;
  // Recorded before it is asked: the service cannot send before it has resumed, so the pause ends no later.
  proxy.resumed(now);
  await fetch(`${serviceUrl}/v1/couriers/sandbox/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
}

/** Every story's last step has gone out intact (the service has heard the end of every story). */
function finished(proxy: FaultProxy, numbers: readonly string[]): boolean {
  return numbers.every((n) => storyTold(proxy, n));
}

function storyTold(proxy: FaultProxy, trackingNumber: string): boolean {
  const last = proxy.steps(trackingNumber).at(-1);
  return last !== undefined && last.index === storyOf(trackingNumber)!.length - 1 && last.deliveredAt !== null && Date.now() - last.deliveredAt > 1_000;
}

/** The outbox is empty of work and the receiver has accepted as many distinct deliveries as it holds. */
function allDelivered(db: string, accepted: readonly { id: string }[]): boolean {
  const { total, undelivered } = deliveryProgress(db);
  return undelivered === 0 && new Set(accepted.map((a) => a.id)).size >= total;
}

interface Judged {
  config: SoakConfig;
  numbers: readonly string[];
  proxy: FaultProxy;
  db: string;
  killedAt: readonly number[];
  accepted: readonly { id: string; type: string; data: Record<string, unknown> }[];
  lastStartedAt: number;
  stoppedAt: number;
  started: number;
}

function judge(j: Judged): SoakResult {
  const snapshot = readStoreSnapshot(j.db, 'sandbox');
  const risk = new KillRisk(j.killedAt, KILL_RISK_MS);
  const problems: string[] = [];
  const figures: SoakFigures = {
    seconds: (j.stoppedAt - j.started) / 1000,
    loadAverage: loadavg()[0]!,
    shipments: j.numbers.length,
    kills: j.killedAt.length,
    requests: {
      tracking: j.proxy.requests.filter((r) => r.path === '/v1/tracking/batch').length,
      token: j.proxy.requests.filter((r) => r.path === '/oauth/token').length,
      other: j.proxy.requests.filter((r) => r.path !== '/v1/tracking/batch' && r.path !== '/oauth/token').length,
    },
    faults: Object.fromEntries(j.proxy.faults),
    history: emptyHistoryFigures(),
    pauses: emptyPauseFigures(),
    effects: emptyEffectFigures(),
    leasesAndRuns: emptyLeaseRunFigures(),
    runHeartbeats: snapshot.runHeartbeats,
    service: snapshot.service,
  };
  const readStatus = sandboxStatusReader();
  for (const n of j.numbers) checkHistory(n, j.proxy.steps(n), storyOf(n)!.length, snapshot.shipments.get(n), readStatus, risk, figures.history, problems);
  checkPauses(j.proxy.requests, j.proxy.pauses, risk, PAUSE_ALLOWANCE_MS, figures.pauses, problems);
  checkEffects(snapshot.shipments, snapshot.outbox, j.accepted.filter((a) => a.type === 'shipment.status_changed'), messageId, figures.effects, problems);
  checkLeasesAndRuns(snapshot, j.lastStartedAt, j.stoppedAt, figures.leasesAndRuns, problems);
  return { figures, problems };
}

/** The sandbox's own table reads the raw statuses its simulator serves. */
function sandboxStatusReader(): ReadStatus {
  const mapper = new StatusMapper('sandbox', SANDBOX_STATUSES);
  return (raw) => {
    const mapping = mapper.map(raw, { now: new Date(), fields: {} });
    return mapping.kind === 'mapped' ? { status: mapping.status, substatus: mapping.substatus ?? null } : null;
  };
}
