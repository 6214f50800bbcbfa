import t from 'tap';
import { checkEffects } from './checks/effects.js';
import { checkHistory, type ReadStatus } from './checks/history.js';
import { KillRisk } from './checks/kill-risk.js';
import { checkLeasesAndRuns } from './checks/leases-and-runs.js';
import { checkPauses } from './checks/pauses.js';
import type { AskedPause, ProxyRequest, ServedStep } from './fault-proxy.js';
import { emptyEffectFigures, emptyHistoryFigures, emptyLeaseRunFigures, emptyPauseFigures } from './figures.js';
import type { StoredShipment, StoreSnapshot } from './store-snapshot.js';

// Each check of the soak, shown failing on the fault it guards against (and passing without it).

const READ: ReadStatus = (raw) => ({ LABEL_CREATED: { status: 'info_received', substatus: null }, PICKED_UP: { status: 'picked_up', substatus: null }, DELIVERED: { status: 'delivered', substatus: null } })[raw] ?? null;
const T = Date.parse('2026-05-01T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const step = (index: number, status: string, deliveredAt: number | null): ServedStep => ({ index, status, occurredAt: iso(T + index * 1000), deliveredAt });
const STORY = [step(0, 'LABEL_CREATED', T), step(1, 'PICKED_UP', T + 1000), step(2, 'DELIVERED', T + 2000)];
const NO_KILLS = new KillRisk([], 3000);

function shipment(rawStatuses: string[], events = STORY): StoredShipment {
  const entry = (raw: string) => ({ status: READ(raw)!.status, substatus: null, rawStatus: raw, at: STORY.find((s) => s.status === raw)!.occurredAt, source: 'courier' });
  return {
    id: 'id-1',
    trackingNumber: 'SBX-1',
    leaseUntil: null,
    history: [{ status: 'info_received', substatus: null, rawStatus: null, at: iso(T - 5000), source: 'registration' }, ...rawStatuses.map(entry)],
    events: new Set(events.map((s) => `${s.occurredAt}|${s.status}`)),
  };
}

function history(stored: StoredShipment, served = STORY, risk = NO_KILLS) {
  const figures = emptyHistoryFigures();
  const problems: string[] = [];
  checkHistory('SBX-1', served, served.length, stored, READ, risk, figures, problems);
  return { figures, problems };
}

t.test('history: every served step once, in order', async (t) => {
  t.same(history(shipment(['PICKED_UP', 'DELIVERED'])).problems, [], 'the whole story (info_received was the registration)');
  t.match(history(shipment(['DELIVERED'])).problems, [/step 1 PICKED_UP .* not in the history/], 'a lost step');
  const repeated = history(shipment(['PICKED_UP', 'PICKED_UP', 'DELIVERED']));
  t.match(repeated.problems, [/PICKED_UP .* repeats an earlier step/]);
  t.equal(repeated.figures.duplicates, 1, 'a duplicate');
  t.match(history(shipment(['DELIVERED', 'PICKED_UP'])).problems, [/step 1 PICKED_UP .* not in the history/, /PICKED_UP .* out of order/], 'out of order');
  t.match(history(shipment(['PICKED_UP', 'DELIVERED'], [STORY[0]!, STORY[2]!])).problems, [/step 1 PICKED_UP .* not among the stored events/], 'an event lost');
});

t.test('history: a step the service never surely heard may be missing, but not from the events', async (t) => {
  const withheld = [STORY[0]!, step(1, 'PICKED_UP', null), STORY[2]!];
  const { figures, problems } = history(shipment(['DELIVERED']), withheld);
  t.same(problems, []);
  t.match(figures, { withheld: 1, optionalMissing: 1 });
  const killedRightAfter = new KillRisk([T + 1500], 3000);
  t.same(history(shipment(['DELIVERED']), STORY, killedRightAfter).problems, [], 'heard by an instance killed right after');
  t.match(history(shipment(['DELIVERED'], [STORY[0]!, STORY[2]!]), withheld).problems, [/step 1 PICKED_UP .* not among the stored events/]);
  t.same(history(shipment(['PICKED_UP']), [STORY[0]!, STORY[1]!, step(2, 'DELIVERED', null)]).problems, [], 'a last step never heard is not required anywhere');
});

t.test('pauses: no request from the end of the allowance until the pause ends or is resumed', async (t) => {
  const pause: AskedPause = { kind: 'rate-limit', form: 'Retry-After seconds', sentAt: T, end: T + 3000, resumedAt: null, long: false };
  const at = (ms: number): ProxyRequest => ({ at: T + ms, path: '/v1/tracking/batch', numbers: [], fault: null });
  const judge = (requests: ProxyRequest[], pauses = [pause], risk = NO_KILLS) => {
    const figures = emptyPauseFigures();
    const problems: string[] = [];
    checkPauses(requests, pauses, risk, 1000, figures, problems);
    return { figures, problems };
  };
  t.match(judge([at(200), at(3500)]), { problems: [], figures: { inFlightAtPause: 1, pausedViolations: 0 } }, 'in flight, then after the pause');
  t.match(judge([at(2000)]), { problems: [/while paused by a Retry-After seconds answer/], figures: { pausedViolations: 1 } }, 'a request during the pause');
  t.match(judge([at(2000)], [{ ...pause, resumedAt: T + 1500 }]).problems, [], 'after an operator resumed the courier');
  t.match(judge([at(2000)], [pause], new KillRisk([T + 100], 3000)), { problems: [], figures: { afterPauseLostToKill: 1 } }, 'the instance that heard it was killed right after');
});

t.test('effects: one outbox entry per status change, each delivered, duplicates identical', async (t) => {
  const stored = shipment(['PICKED_UP', 'DELIVERED']);
  const shipments = new Map([['SBX-1', stored]]);
  const row = (key: string, to: string, at: string, state = 'delivered') => ({ effect: 'webhook:default', dedupKey: key, state, leaseUntil: null, payload: { trackingNumber: 'SBX-1', to, at } });
  const outbox = [row('k0', 'delivered', stored.history[2]!.at), row('k1', 'picked_up', stored.history[1]!.at)];
  const got = (id: string, to = 'x') => ({ id, type: 'shipment.status_changed', data: { to } });
  const judge = (o = outbox, accepted = [got('id:k0'), got('id:k1')]) => {
    const figures = emptyEffectFigures();
    const problems: string[] = [];
    checkEffects(shipments, o, accepted, (key) => `id:${key}`, figures, problems);
    return { figures, problems };
  };
  t.match(judge(outbox, [got('id:k0'), got('id:k1'), got('id:k1')]), { problems: [], figures: { redelivered: 1 } }, 'a redelivery, same id and body');
  t.match(judge(outbox, [got('id:k0'), got('id:k1'), got('id:k1', 'y')]).problems, [/k1 reached the receiver 2 times with different messages/]);
  t.match(judge(outbox, [got('id:k0')]).problems, [/k1 never reached the receiver/]);
  t.match(judge([...outbox, row('k1', 'picked_up', stored.history[1]!.at)]).problems, [/holds dedup key k1 2 times/, /status changes .* but outbox entries/]);
  t.match(judge([outbox[0]!, row('k1', 'picked_up', stored.history[1]!.at, 'pending')]).problems, [/k1 is pending/]);
  t.match(judge([outbox[0]!]).problems, [/status changes .* but outbox entries/], 'a change without its delivery');
});

t.test('leases and runs: nothing held or running after the last instance stopped', async (t) => {
  const stopped = T + 60_000;
  const snapshot = (over: Partial<StoreSnapshot>): StoreSnapshot => ({ shipments: new Map(), runs: [], runHeartbeats: true, outbox: [], service: { failedChecks: 0, leaseLost: 0, timedOutCalls: 0 }, ...over });
  const judge = (s: StoreSnapshot) => {
    const figures = emptyLeaseRunFigures();
    const problems: string[] = [];
    checkLeasesAndRuns(s, T + 30_000, stopped, figures, problems);
    return { figures, problems };
  };
  const leased = { ...shipment([]), leaseUntil: iso(stopped + 5000) };
  t.match(judge(snapshot({ shipments: new Map([['SBX-1', leased]]) })).problems, [/SBX-1: leased until/]);
  t.same(judge(snapshot({ shipments: new Map([['SBX-1', { ...leased, leaseUntil: iso(stopped - 1) }]]) })).problems, [], 'an expired lease is no one’s');
  const killedRun = { id: 'r1', state: 'running', owner: 'a', startedAt: iso(T + 10_000) };
  t.match(judge(snapshot({ runs: [killedRun] })).problems, [/r1 .* killed and no instance closed it as abandoned/], 'with heartbeats');
  t.match(judge(snapshot({ runs: [killedRun], runHeartbeats: false })), { problems: [], figures: { runsLeftByKilledInstances: 1 } }, 'without heartbeats: reported');
  t.match(judge(snapshot({ runs: [{ ...killedRun, startedAt: iso(T + 40_000) }], runHeartbeats: false })).problems, [/r1 .* still running after the service stopped$/], 'the last instance’s run');
});
