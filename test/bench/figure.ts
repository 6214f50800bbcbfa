/**
 * One figure of `npm run bench`: Waybill's side and the side it is compared with, measured in the same
 * process, interleaved round by round so both sides meet the same noise. `ratio` is ours / theirs of the
 * medians (or the reverse where lower is better, as `better` says).
 */
export interface Figure {
  key: string;
  title: string;
  unit: string;
  /** What the other side is. */
  comparison: string;
  better: 'higher' | 'lower';
  ours: Stats;
  theirs: Stats;
  /** ours / theirs when higher is better, theirs / ours when lower is better: above 1 is Waybill ahead. */
  ratio: number;
  goal: string;
  met: boolean;
  repetitions: number;
  /** Figure-specific facts (e.g. `overshoot`, `used` for the quota). */
  [field: string]: unknown;
}

export interface Stats {
  median: number;
  /** Lowest and highest of the repetitions. */
  spread: [number, number];
  samples: number[];
}

export interface FigureModule {
  key: string;
  title: string;
  measure(options: BenchOptions): Promise<Figure>;
}

export interface BenchOptions {
  repetitions: number;
  /** Smaller sizes for a quick look (`npm run bench -- --quick`); the README's figures are not quick. */
  quick: boolean;
  log: (line: string) => void;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), spread: [round(sorted[0]!), round(sorted.at(-1)!)], samples: samples.map(round) };
}

export const round = (n: number): number => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000);

export function ratioOf(ours: Stats, theirs: Stats, better: 'higher' | 'lower'): number {
  return round(better === 'higher' ? ours.median / theirs.median : theirs.median / ours.median);
}

/** Runs `ours` and `theirs` alternately, `repetitions` times each (which goes first alternates too). */
export async function interleaved(repetitions: number, ours: () => Promise<number>, theirs: () => Promise<number>): Promise<{ ours: Stats; theirs: Stats }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    if (i % 2 === 0) (a.push(await ours()), b.push(await theirs()));
    else (b.push(await theirs()), a.push(await ours()));
  }
  return { ours: stats(a), theirs: stats(b) };
}
