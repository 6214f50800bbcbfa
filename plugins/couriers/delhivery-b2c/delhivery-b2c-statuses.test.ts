import t from 'tap';
import { CLOSED_ANY_TYPE_EXPECTED } from '../../shared/delhivery/expected-mappings.js';
import { DOCUMENTED_STATUSES } from './index.js';
import { startB2c } from './testing.js';

/** Types a closed status may come with: DL like the other closed statuses, UD and RT as the journey's own. */
const TYPES_TRIED = ['DL', 'UD', 'RT'];

t.test('Delhivery\'s closed statuses without a documented StatusType map the same under any type', async (t) => {
  const untyped = DOCUMENTED_STATUSES.filter((d) => d.type === undefined).map((d) => d.status);
  t.same(untyped.sort(), [...CLOSED_ANY_TYPE_EXPECTED.keys()].sort(), 'documented: Cancelled and Collected');
  const { sim, register, run, view } = await startB2c(t);
  const cases = untyped.flatMap((status) => TYPES_TRIED.map((type) => ({ status, type })));
  const awbs = cases.map((_, i) => `7000${i}`);
  cases.forEach((c, i) => sim.setShipment(awbs[i]!, { status: c.status, statusType: c.type }));
  await register(awbs.map((trackingNumber) => ({ trackingNumber })));
  const result = await run();
  t.equal(result.counts.unmapped, 0);
  for (const [i, c] of cases.entries()) {
    const s = await view(awbs[i]!);
    t.equal(s.status, CLOSED_ANY_TYPE_EXPECTED.get(c.status), `${c.type}-${c.status} → ${CLOSED_ANY_TYPE_EXPECTED.get(c.status)}`);
    t.equal(s.rawStatus, `${c.type}-${c.status}`);
  }
});
