import t from 'tap';
import { LocalTime } from '../../core/courier/local-time.js';

const ist = new LocalTime('+05:30');

t.test('zone-less courier times become ISO-8601 with the zone offset; zoned ones are kept', async (t) => {
  const cases: [unknown, string | undefined][] = [
    ['2024-09-22T09:25:10.124', '2024-09-22T09:25:10.124+05:30'],
    ['2026-09-03T11:50:01.44', '2026-09-03T11:50:01.440+05:30'],
    ['2026-07-14T15:52:45.307000', '2026-07-14T15:52:45.307+05:30'],
    ['2026-02-22 14:30:00', '2026-02-22T14:30:00+05:30'],
    ['2026-02-22T14:30', '2026-02-22T14:30:00+05:30'],
    ['2026-02-22 14:30', '2026-02-22T14:30:00+05:30'],
    ['2026-02-20', '2026-02-20T00:00:00+05:30'],
    ['2026-04-27T23:03:58Z', '2026-04-27T23:03:58Z'],
    ['2026-04-27T23:03:58+05:30', '2026-04-27T23:03:58+05:30'],
    ['', undefined],
    ['  ', undefined],
    ['NA', undefined],
    ['Order Lost', undefined],
    ['0000-00-00 00:00:00', undefined],
    ['2026-13-40T99:00:00', undefined],
    ['30/07/2025 17:39', undefined],
    [null, undefined],
    [1_700_000_000, undefined],
  ];
  for (const [input, expected] of cases) t.equal(ist.parse(input), expected, JSON.stringify(input));
  t.equal(new Date(ist.parse('2026-03-10T00:20:00')!).toISOString(), '2026-03-09T18:50:00.000Z');
  t.equal(new Date(new LocalTime('-05:00').parse('2026-03-10 00:20')!).toISOString(), '2026-03-10T05:20:00.000Z');
});

t.test('calendar days and wall-clock strings of the zone', async (t) => {
  t.equal(ist.day(new Date('2026-03-09T18:29:59Z')), '2026-03-09');
  t.equal(ist.day(new Date('2026-03-09T18:30:00Z')), '2026-03-10');
  t.equal(ist.wallClock(new Date('2026-03-10T04:00:00Z')), '2026-03-10T09:30:00.000');
  t.equal(new LocalTime('-05:00').day(new Date('2026-03-10T04:59:59Z')), '2026-03-09');
});

t.test('an offset that is not ±HH:MM is refused', async (t) => {
  t.throws(() => new LocalTime('IST'), /offset must look like \+05:30/);
});
