import t from 'tap';
import { validateDefinition } from '../../core/courier/definition.js';
import { AuthRejected } from '../../core/courier/http-client.js';
import { decideFailure } from '../../core/engine/failure.js';
import { AuthExpired, BadResponse, Forbidden, LoginRefused, Permanent, RateLimited, Transient } from '../../core/errors.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';

const definition = validateDefinition(sandbox.declaration, 'sandbox');
const now = new Date('2026-05-01T10:00:00.000Z');
const after = (ms: number) => new Date(now.getTime() + ms);
const situation = { batchSize: 6, definition, now, retried: false };
const expired = new AuthRejected(3, new AuthExpired('401 from the courier'));

t.test('a 429 pauses until the courier says; a 403 cools down for the declared time', async (t) => {
  const resumeAt = after(90_000);
  t.same(decideFailure(new RateLimited(resumeAt), situation), {
    kind: 'pause',
    until: resumeAt,
    reason: `rate limited (429) until ${resumeAt.toISOString()}`,
    error: `rate limited until ${resumeAt.toISOString()}`,
  });
  t.match(decideFailure(new Forbidden('403'), situation), { kind: 'pause', until: after(definition.cooldowns.forbiddenMs), reason: /forbidden \(403\)/ });
});

t.test('an expired token is refreshed once; after that the account, not the shipments, has failed', async (t) => {
  t.same(decideFailure(expired, situation), { kind: 'refresh_token' });
  t.same(decideFailure(expired, { ...situation, retried: true }), { kind: 'auth_failed', error: 'authentication failed: 401 from the courier', pause: null }, 'no second refresh for the retry');
  t.same(decideFailure(expired, { ...situation, refresh: 'unavailable' }), { kind: 'auth_failed', error: 'authentication failed: 401 from the courier', pause: null }, 'within the minimum refresh interval');
  t.same(decideFailure(new AuthExpired('static key refused'), situation), { kind: 'auth_failed', error: 'authentication failed: static key refused', pause: null }, 'a key that cannot be refreshed');
  t.match(
    decideFailure(expired, { ...situation, refresh: new LoginRefused('invalid_client') }),
    { kind: 'auth_failed', error: 'authentication failed: invalid_client', pause: { until: after(definition.cooldowns.loginRefusedMs), reason: /login refused/ } },
    'a refused login pauses the courier so the account is not locked',
  );
  t.match(decideFailure(expired, { ...situation, refresh: new RateLimited(after(5000)) }), { kind: 'pause', until: after(5000) }, 'a token endpoint answering 429 pauses like any call');
  t.match(decideFailure(expired, { ...situation, refresh: new Forbidden('no') }), { kind: 'pause', reason: /403/ });
  t.match(decideFailure(expired, { ...situation, refresh: new Transient('token endpoint 503') }), { kind: 'auth_failed', error: 'authentication failed: token endpoint 503' });
});

t.test('a batch refused as a whole is halved until the culprit stands alone; then it is failed permanently', async (t) => {
  t.same(decideFailure(new Permanent('400 bad request'), situation), { kind: 'split', at: 3 });
  t.same(decideFailure(new Permanent('400'), { ...situation, batchSize: 5 }), { kind: 'split', at: 3 });
  t.same(decideFailure(new Permanent('400 bad request'), { ...situation, batchSize: 1 }), { kind: 'fail', error: '400 bad request', permanent: true, untyped: false });
});

t.test('transient faults and untyped errors fail the batch for a retry with backoff', async (t) => {
  t.same(decideFailure(new BadResponse('truncated', 'cut off'), situation), { kind: 'fail', error: 'cut off', permanent: false, untyped: false });
  t.same(decideFailure(new TypeError('x is undefined'), situation), { kind: 'fail', error: 'x is undefined', permanent: false, untyped: true }, 'an adapter bug is named as such');
  t.same(decideFailure('a string', situation), { kind: 'fail', error: 'a string', permanent: false, untyped: true });
});
