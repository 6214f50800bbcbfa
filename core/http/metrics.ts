import type { Run, RunCounts } from '../store/types.js';

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** A Prometheus text-format page: HELP/TYPE once per metric, one line per label set. */
export class MetricsPage {
  readonly #lines: string[] = [];
  readonly #declared = new Set<string>();

  add(name: string, type: 'counter' | 'gauge', help: string, value: number, labels: Labels = {}): this {
    if (!this.#declared.has(name)) {
      this.#declared.add(name);
      this.#lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    }
    this.#lines.push(`${name}${labelText(labels)} ${value}`);
    return this;
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** Counters accumulated since this process started from finished runs and from live checks (`?refresh=true`). */
export class RunMetrics {
  readonly runs = new Map<string, number>();
  readonly totals = new Map<string, number>();
  readonly liveTotals = new Map<string, number>();
  readonly unmapped = new Map<string, number>();

  record(run: Run, unmapped: readonly string[]): void {
    bump(this.runs, `${run.courier}\u0000${run.state}`);
    this.#add(this.totals, run.courier, run.counts, unmapped);
  }

  recordLive(courier: string, counts: RunCounts, unmapped: readonly string[]): void {
    this.#add(this.liveTotals, courier, counts, unmapped);
  }

  #add(totals: Map<string, number>, courier: string, counts: RunCounts, unmapped: readonly string[]): void {
    for (const [counter, value] of Object.entries(counts) as [keyof RunCounts, number][]) {
      if (value > 0) bump(totals, `${courier}\u0000${counter}`, value);
    }
    for (const raw of unmapped) bump(this.unmapped, `${courier}\u0000${raw}`);
  }
}
