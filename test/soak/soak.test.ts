import { existsSync } from 'node:fs';
import t from 'tap';
import { FAULT_KINDS } from './fault-plan.js';
import { formatFigures } from './figures.js';
import { SERVICE_ENTRY } from './service.js';
import { runSoak, type SoakConfig } from './soak.js';

/**
 * `npm test` runs the short form; `npm run soak` (SOAK=long) the long one. SOAK_SEED replays a run's fault
 * choices (the timing is the machine's); SOAK_KEEP=1 leaves the SQLite file behind.
 */
const LONG = process.env.SOAK === 'long';
const seed = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);

const config: SoakConfig = {
  ...(LONG
    ? { shipments: 4_000, kills: 6, killSpanMs: 180_000, deadlineMs: 600_000 }
    : { shipments: 600, kills: 2, killSpanMs: 30_000, deadlineMs: 150_000 }),
  faultRate: LONG ? 0.08 : 0.12,
  seed,
  leaseSeconds: 10,
  keepStore: process.env.SOAK_KEEP === '1',
  log: (line) => t.comment(line),
};

// Past the deadline the soak still stops the service and checks: allow for that, beyond tap's 120 s.
t.setTimeout(config.deadlineMs + 50_000);

t.test(`fault soak (${LONG ? 'long' : 'short'}, seed ${seed})`, async (t) => {
  t.ok(existsSync(SERVICE_ENTRY), 'the service is built (npm test builds it first)');
  const { figures, problems } = await runSoak(config);
  for (const line of formatFigures(figures).split('\n')) t.comment(line);
  const shown = problems.slice(0, 20).join('\n') + (problems.length > 20 ? `\n… and ${problems.length - 20} more` : '');
  t.equal(problems.length, 0, problems.length ? `${problems.length} problems:\n${shown}` : 'no status change lost or repeated, no request while paused, no lease or run stuck, every delivery once per dedup key');
  t.equal(figures.history.unfinished, 0, `every story was told to its end within ${config.deadlineMs / 1000} s`);
  t.equal(figures.kills, config.kills, 'the service was killed and restarted as planned');
  t.ok(figures.history.statusChangesChecked >= config.shipments * 3, `${figures.history.statusChangesChecked} status changes checked`);
  for (const kind of FAULT_KINDS) {
    t.ok((figures.faults[kind] ?? 0) > 0, `${kind} faults injected`);
  }
});
